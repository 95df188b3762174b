using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Randomness;

public sealed partial class Rng
{
    /// <summary>Elements handled per pass of a bulk fill: the words and temporaries live on the stack.</summary>
    private const int Chunk = 512;

    /// <summary>Fills <paramref name="destination"/> with uniform values in [0, 1) (<c>float</c> or <c>double</c>).</summary>
    /// <remarks>
    /// Exactly the values of successive <see cref="NextSingle"/> or <see cref="NextDouble"/> calls:
    /// 24 bits (one word) per <c>float</c>, 53 bits (two words) per <c>double</c>.
    /// </remarks>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillUniform<T>(Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var target = MemoryMarshal.Cast<T, float>(destination);
            Span<uint> words = stackalloc uint[Chunk];
            for (int start = 0; start < target.Length; start += Chunk)
            {
                var part = target.Slice(start, Math.Min(Chunk, target.Length - start));
                var w = words[..part.Length];
                FillUInt32(w);
                WordConversions.ToSingle(w, part);
            }
        }
        else if (typeof(T) == typeof(double))
        {
            var target = MemoryMarshal.Cast<T, double>(destination);
            Span<uint> words = stackalloc uint[2 * Chunk];
            for (int start = 0; start < target.Length; start += Chunk)
            {
                var part = target.Slice(start, Math.Min(Chunk, target.Length - start));
                var w = words[..(2 * part.Length)];
                FillUInt32(w);
                WordConversions.ToDouble(w, part);
            }
        }
        else throw NotSupported<T>();
    }

    /// <summary>Fills <paramref name="destination"/> with low + (high − low)·u for uniform u in [0, 1).</summary>
    /// <remarks>
    /// The values lie in [low, high) up to the rounding of that expression, which can give exactly
    /// <paramref name="high"/> when |low| is large compared with high − low.
    /// </remarks>
    /// <exception cref="ArgumentException">The bounds are not finite or high &lt; low.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public void FillUniform<T>(Span<T> destination, T low, T high) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(low) || !T.IsFinite(high) || high < low)
            throw new ArgumentException($"Uniform bounds must be finite with low <= high; got [{low}, {high}).", nameof(high));
        FillUniform(destination);
        TP.Multiply(destination, high - low, destination);
        TP.Add(destination, low, destination);
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard normal variates.</summary>
    /// <remarks>
    /// <para>
    /// The Box–Muller transform (G. E. P. Box and M. E. Muller, Ann. Math. Statist. 29(2), 1958):
    /// from independent uniforms u₁ ∈ (0, 1] and u₂ ∈ [0, 1), r = √(−2 ln u₁) and θ = 2π u₂ give two
    /// independent N(0, 1) variates r cos θ and r sin θ. The work is done in passes of up to
    /// 512 values: a pass of n values draws ⌈n/2⌉ values u₁ (as 1 − u from
    /// <see cref="FillUniform{T}(Span{T})"/>), then ⌈n/2⌉ values u₂, and writes the cosines followed by
    /// the sines (dropping the last sine when n is odd). Logarithm, sine and cosine are System.Math's,
    /// in double, element by element, and the result is rounded once to <typeparamref name="T"/>:
    /// TensorPrimitives' vectorised Sin and Cos for double return different last bits from the
    /// same input depending on whether the JIT has tiered them up yet (measured: 15–18 of 40,000 draws
    /// changed within one process), which would break "same seed, same bits".
    /// </para>
    /// <para>
    /// The tails are truncated where u₁ reaches its smallest value: |z| ≤ √(48 ln 2) ≈ 5.77 for
    /// <c>float</c> (probability of exceeding it under N(0, 1): 8·10⁻⁹) and √(106 ln 2) ≈ 8.57 for
    /// <c>double</c>.
    /// </para>
    /// </remarks>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillNormal<T>(Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) throw NotSupported<T>();
        Span<double> radius = stackalloc double[Chunk / 2];
        Span<double> angle = stackalloc double[Chunk / 2];
        for (int start = 0; start < destination.Length; start += Chunk)
        {
            var part = destination.Slice(start, Math.Min(Chunk, destination.Length - start));
            int pairs = (part.Length + 1) / 2, sines = part.Length - pairs;
            Span<double> r = radius[..pairs], a = angle[..pairs];
            UniformsForNormals<T>(r);
            UniformsForNormals<T>(a);
            for (int i = 0; i < pairs; i++)
            {
                double length = Math.Sqrt(-2 * Math.Log(1 - r[i]));
                var (sin, cos) = Math.SinCos(2 * Math.PI * a[i]);
                part[i] = T.CreateTruncating(length * cos);
                if (i < sines) part[pairs + i] = T.CreateTruncating(length * sin);
            }
        }
    }

    /// <summary>Uniforms in [0, 1) with the resolution of <typeparamref name="T"/> (24 or 53 bits), as doubles.</summary>
    private void UniformsForNormals<T>(Span<double> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            FillUniform(destination);
            return;
        }
        Span<float> single = stackalloc float[destination.Length];
        FillUniform(single);
        for (int i = 0; i < single.Length; i++) destination[i] = single[i];
    }

    /// <summary>Fills <paramref name="destination"/> with independent N(mean, standardDeviation²) variates.</summary>
    /// <remarks>mean + standardDeviation·z with z from <see cref="FillNormal{T}(Span{T})"/>.</remarks>
    /// <exception cref="ArgumentException">The mean is not finite, or the standard deviation is negative or not finite.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public void FillNormal<T>(Span<T> destination, T mean, T standardDeviation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(mean))
            throw new ArgumentException($"The mean must be finite; got {mean}.", nameof(mean));
        if (!T.IsFinite(standardDeviation) || standardDeviation < T.Zero)
            throw new ArgumentException($"The standard deviation must be finite and >= 0; got {standardDeviation}.", nameof(standardDeviation));
        FillNormal(destination);
        TP.Multiply(destination, standardDeviation, destination);
        TP.Add(destination, mean, destination);
    }

    /// <summary>Fills <paramref name="destination"/> with independent Bernoulli(<paramref name="probability"/>) values: 1 or 0.</summary>
    /// <remarks>
    /// One word w per value: 1 when w &lt; t with t = round(p·2³²), so P(1) = t/2³² is within 2⁻³³ of
    /// p, exactly 0 for p = 0 and exactly 1 for p = 1.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The probability is outside [0, 1] or NaN.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillBernoulli<T>(Span<T> destination, double probability) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), $"A probability must be in [0, 1]; got {probability}.");
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) throw NotSupported<T>();
        ulong threshold = (ulong)Math.Round(probability * 4294967296.0);
        Span<uint> words = stackalloc uint[Chunk];
        for (int start = 0; start < destination.Length; start += Chunk)
        {
            var part = destination.Slice(start, Math.Min(Chunk, destination.Length - start));
            var w = words[..part.Length];
            FillUInt32(w);
            WordConversions.ToBernoulli(w, threshold, part);
        }
    }

    private static NotSupportedException NotSupported<T>() =>
        new($"Rng fills spans of float or double; got {typeof(T).Name}.");
}
