using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vae.Core.Randomness;

/// <summary>
/// Random words to floating-point values, in vector lanes where the hardware has them. Every
/// conversion is exact (integers below 2²⁴ or 2⁵³ times a power of two), so lanes and the scalar tail
/// give identical results.
/// </summary>
internal static class WordConversions
{
    private const float SingleUnit = 1f / (1 << 24);
    private const double DoubleUnit = 1.0 / (1UL << 53);

    /// <summary>d[i] = (w[i] ≫ 8)·2⁻²⁴: the top 24 bits of each word as a float in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToSingle(ReadOnlySpan<uint> words, Span<float> destination)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var unit = new Vector<float>(SingleUnit);
            for (; i <= destination.Length - Vector<uint>.Count; i += Vector<uint>.Count)
            {
                var top = Vector.ShiftRightLogical(new Vector<uint>(words[i..]), 8);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(top)) * unit).CopyTo(destination[i..]);
            }
        }
        for (; i < destination.Length; i++) destination[i] = (words[i] >> 8) * SingleUnit;
    }

    /// <summary>
    /// d[i] = (x ≫ 11)·2⁻⁵³ with x = w[2i] | w[2i+1] ≪ 32: the top 53 bits of each 64-bit pair (first
    /// word low, as <see cref="Rng.NextUInt64"/>) as a double in [0, 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToDouble(ReadOnlySpan<uint> words, Span<double> destination)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            var pairs = MemoryMarshal.Cast<uint, ulong>(words);
            var unit = new Vector<double>(DoubleUnit);
            for (; i <= destination.Length - Vector<ulong>.Count; i += Vector<ulong>.Count)
            {
                var top = Vector.ShiftRightLogical(new Vector<ulong>(pairs[i..]), 11);
                (Vector.ConvertToDouble(Vector.AsVectorInt64(top)) * unit).CopyTo(destination[i..]);
            }
        }
        for (; i < destination.Length; i++)
            destination[i] = ((words[2 * i] | (ulong)words[2 * i + 1] << 32) >> 11) * DoubleUnit;
    }

    /// <summary>d[i] = 1 if w[i] &lt; <paramref name="threshold"/> (at most 2³²) else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToBernoulli<T>(ReadOnlySpan<uint> words, ulong threshold, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (typeof(T) == typeof(float) && Vector.IsHardwareAccelerated && threshold <= uint.MaxValue)
        {
            var target = MemoryMarshal.Cast<T, float>(destination);
            var limit = new Vector<uint>((uint)threshold);
            for (; i <= target.Length - Vector<uint>.Count; i += Vector<uint>.Count)
            {
                // The comparison gives −1 (all bits set) where true; as a float that is −1.0, negated 1.0.
                var below = Vector.AsVectorInt32(Vector.LessThan(new Vector<uint>(words[i..]), limit));
                (-Vector.ConvertToSingle(below)).CopyTo(target[i..]);
            }
        }
        for (; i < destination.Length; i++) destination[i] = T.CreateTruncating((words[i] - threshold) >> 63);
    }
}
