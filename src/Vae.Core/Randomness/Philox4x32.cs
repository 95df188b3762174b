using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vae.Core.Randomness;

/// <summary>
/// The Philox4x32-10 counter-based generator: a keyed bijection of 128-bit counters, evaluated as ten
/// rounds of a Feistel-like network of 32×32→64-bit multiplications.
/// </summary>
/// <remarks>
/// <para>
/// J. K. Salmon, M. A. Moraes, R. O. Dror and D. E. Shaw, "Parallel random numbers: as easy as 1, 2,
/// 3", Proc. SC'11 (2011), doi:10.1145/2063384.2063405. One round maps the counter (c0, c1, c2, c3)
/// with key (k0, k1) to (hi(M1·c2) ⊕ c1 ⊕ k0, lo(M1·c2), hi(M0·c0) ⊕ c3 ⊕ k1, lo(M0·c0)) with
/// M0 = 0xD2511F53 and M1 = 0xCD9E8D57; between rounds the key is bumped by the Weyl constants
/// (0x9E3779B9, 0xBB67AE85). The output passes TestU01's BigCrush (ibid.).
/// </para>
/// <para>
/// Because block i is a pure function of (key, i), any block can be computed without the ones before
/// it, and many blocks are computed side by side: <see cref="Blocks"/> uses AVX2 lanes where the
/// hardware has them, with results identical to the scalar path.
/// </para>
/// </remarks>
public static class Philox4x32
{
    /// <summary>The multiplier applied to counter word 0.</summary>
    public const uint M0 = 0xD2511F53;

    /// <summary>The multiplier applied to counter word 2.</summary>
    public const uint M1 = 0xCD9E8D57;

    /// <summary>The Weyl increment of key word 0 (the golden ratio in 0.32 fixed point).</summary>
    public const uint W0 = 0x9E3779B9;

    /// <summary>The Weyl increment of key word 1 (√3 − 1 in 0.32 fixed point).</summary>
    public const uint W1 = 0xBB67AE85;

    /// <summary>The number of rounds (the "-10" of Philox4x32-10).</summary>
    public const int Rounds = 10;

    /// <summary>Philox4x32-10 of the counter (c0, c1, c2, c3) under the key (k0, k1).</summary>
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        Compute(ref c0, ref c1, ref c2, ref c3, k0, k1);
        return (c0, c1, c2, c3);
    }

    /// <summary>Ten rounds applied in place to the counter words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Compute(ref uint c0, ref uint c1, ref uint c2, ref uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < Rounds; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0, n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (uint)p1;
            c2 = n2;
            c3 = (uint)p0;
            k0 += W0;
            k1 += W1;
        }
    }

    /// <summary>
    /// Writes the blocks for the counters <c>first</c>, <c>first + 1</c>, … into
    /// <paramref name="destination"/>, four words per block. Counter i is the 128-bit value
    /// (c0, c1, c2, c3) = (low half of i, high half of i, 0, 0); <paramref name="key"/> supplies k0
    /// (low half) and k1 (high half).
    /// </summary>
    /// <exception cref="ArgumentException">The destination length is not a multiple of 4.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Blocks(ulong key, ulong first, Span<uint> destination)
    {
        if (destination.Length % 4 != 0)
            throw new ArgumentException($"Philox blocks are 4 words; got a span of {destination.Length}.", nameof(destination));
        uint k0 = (uint)key, k1 = (uint)(key >> 32);
        int blocks = destination.Length / 4, done = 0;
        if (Avx2.IsSupported)
            done = BlocksAvx2(k0, k1, first, destination);
        for (int b = done; b < blocks; b++)
        {
            ulong counter = first + (ulong)b;
            uint c0 = (uint)counter, c1 = (uint)(counter >> 32), c2 = 0, c3 = 0;
            Compute(ref c0, ref c1, ref c2, ref c3, k0, k1);
            var block = destination.Slice(4 * b, 4);
            block[0] = c0;
            block[1] = c1;
            block[2] = c2;
            block[3] = c3;
        }
    }

    /// <summary>
    /// Eight blocks at a time: each word of the counter is a pair of 256-bit vectors of 64-bit lanes
    /// holding a 32-bit value, so <c>vpmuludq</c> gives the full 64-bit products. Returns the number of
    /// blocks written (a multiple of 8).
    /// </summary>
    private static int BlocksAvx2(uint k0, uint k1, ulong first, Span<uint> destination)
    {
        int blocks = destination.Length / 4 / 8 * 8;
        var low = Vector256.Create(0xFFFF_FFFFUL);
        var m0 = Vector256.Create((ulong)M0).AsUInt32();
        var m1 = Vector256.Create((ulong)M1).AsUInt32();
        var lane = Vector256.Create(0UL, 1, 2, 3);
        Span<ulong> words = stackalloc ulong[32];
        Span<Vector256<ulong>> keys = stackalloc Vector256<ulong>[2 * Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            keys[2 * round] = Vector256.Create((ulong)(k0 + (uint)round * W0));
            keys[2 * round + 1] = Vector256.Create((ulong)(k1 + (uint)round * W1));
        }
        for (int b = 0; b < blocks; b += 8)
        {
            var counterA = Vector256.Create(first + (ulong)b) + lane;
            var counterB = counterA + Vector256.Create(4UL);
            Vector256<ulong> a0 = counterA & low, a1 = counterA >>> 32, a2 = Vector256<ulong>.Zero, a3 = Vector256<ulong>.Zero;
            Vector256<ulong> b0 = counterB & low, b1 = counterB >>> 32, b2 = Vector256<ulong>.Zero, b3 = Vector256<ulong>.Zero;
            for (int round = 0; round < Rounds; round++)
            {
                Vector256<ulong> key0 = keys[2 * round], key1 = keys[2 * round + 1];
                var pa0 = Avx2.Multiply(a0.AsUInt32(), m0);
                var pa1 = Avx2.Multiply(a2.AsUInt32(), m1);
                var pb0 = Avx2.Multiply(b0.AsUInt32(), m0);
                var pb1 = Avx2.Multiply(b2.AsUInt32(), m1);
                a0 = (pa1 >>> 32) ^ a1 ^ key0;
                a2 = (pa0 >>> 32) ^ a3 ^ key1;
                a1 = pa1 & low;
                a3 = pa0 & low;
                b0 = (pb1 >>> 32) ^ b1 ^ key0;
                b2 = (pb0 >>> 32) ^ b3 ^ key1;
                b1 = pb1 & low;
                b3 = pb0 & low;
            }
            a0.CopyTo(words[0..]);
            a1.CopyTo(words[4..]);
            a2.CopyTo(words[8..]);
            a3.CopyTo(words[12..]);
            b0.CopyTo(words[16..]);
            b1.CopyTo(words[20..]);
            b2.CopyTo(words[24..]);
            b3.CopyTo(words[28..]);
            var target = destination.Slice(4 * b, 32);
            for (int j = 0; j < 4; j++)
                for (int w = 0; w < 4; w++)
                {
                    target[4 * j + w] = (uint)words[4 * w + j];
                    target[16 + 4 * j + w] = (uint)words[16 + 4 * w + j];
                }
        }
        return blocks;
    }
}
