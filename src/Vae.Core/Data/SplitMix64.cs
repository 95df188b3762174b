using System.Runtime.CompilerServices;

namespace Vae.Core.Data;

/// <summary>What a stream of draws is used for; part of every key so that purposes never share draws.</summary>
internal enum DrawPurpose : ulong
{
    Shuffle = 1,
    Split = 2,
    Binarize = 3,
    Mcar = 4,
}

/// <summary>
/// Counter-based SplitMix64 (Steele, Lea and Flood 2014): draw <c>i</c> of key <c>k</c> is
/// <c>Mix(k + (i + 1)·γ)</c>, the SplitMix64 output after <c>i + 1</c> steps from state <c>k</c>.
/// </summary>
/// <remarks>
/// Every draw of the data layer is a pure function of (seed, purpose, epoch, counter), where the
/// counter is a position (a Fisher–Yates step, or the flat index <c>row·d + column</c> of an
/// element). Results therefore never depend on thread count, batch size, batch order or whether rows
/// come from memory or a file. Statistical quality: SplitMix64 passes BigCrush; it is not
/// cryptographic.
/// </remarks>
internal static class SplitMix64
{
    /// <summary>The odd increment ⌊2⁶⁴/φ⌋ of SplitMix64.</summary>
    internal const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 finaliser (a bijection of 64-bit words with full avalanche).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The key of the draws for <paramref name="purpose"/> in <paramref name="epoch"/> under <paramref name="seed"/>.</summary>
    internal static ulong Key(ulong seed, DrawPurpose purpose, int epoch) =>
        Mix(Mix(Mix(seed) ^ ((ulong)purpose * Gamma)) + (ulong)(uint)epoch * Gamma);

    /// <summary>Draw number <paramref name="counter"/> of <paramref name="key"/>: 64 uniform bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong At(ulong key, ulong counter) => Mix(key + (counter + 1) * Gamma);

    /// <summary>Draw number <paramref name="counter"/> of <paramref name="key"/> as a double uniform on [0, 1) (53 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double UnitAt(ulong key, ulong counter) => (At(key, counter) >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// A uniform integer in [0, <paramref name="bound"/>) without modulo bias (Lemire 2019, multiply
    /// and reject), consuming draws from <paramref name="counter"/> onwards.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Below(ulong key, ref ulong counter, uint bound)
    {
        ulong m = (At(key, counter++) >> 32) * bound;
        if ((uint)m < bound)
        {
            uint threshold = (0u - bound) % bound;
            while ((uint)m < threshold) m = (At(key, counter++) >> 32) * bound;
        }
        return (uint)(m >> 32);
    }

    /// <summary>Writes a uniformly random permutation of 0..n-1 into <paramref name="order"/> (Fisher–Yates).</summary>
    internal static void Permute(Span<int> order, ulong key)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        ulong counter = 0;
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)Below(key, ref counter, (uint)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
