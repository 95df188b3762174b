using MathNet.Numerics.Distributions;
using Vae.Core.Data;

namespace Vae.Core.Tests.Data;

public class ShufflingTests
{
    [Fact]
    public void CounterBasedDrawsAreTheReferenceSplitMix64Sequence()
    {
        // Vigna's splitmix64.c seeded with 0 outputs these three words first.
        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.At(0, 0));
        Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.At(0, 1));
        Assert.Equal(0x06C45D188009454FUL, SplitMix64.At(0, 2));
    }

    [Fact]
    public void PermutationIsAPermutationAndDeterministicPerSeedAndEpoch()
    {
        var p = Shuffling.Permutation(1000, seed: 7, epoch: 3);
        Assert.Equal(Enumerable.Range(0, 1000), p.Order());
        Assert.Equal(p, Shuffling.Permutation(1000, 7, 3));
        Assert.NotEqual(p, Shuffling.Permutation(1000, 7, 4));
        Assert.NotEqual(p, Shuffling.Permutation(1000, 8, 3));
        Assert.NotEqual(Enumerable.Range(0, 1000), p);
        Assert.Empty(Shuffling.Permutation(0, 1, 0));
        Assert.Equal([0], Shuffling.Permutation(1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shuffling.Permutation(-1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shuffling.Permutation(3, 1, -1));
    }

    [Fact]
    public void AllPermutationsOfFourAreEquallyLikely()
    {
        // 24 orders of 4 items, 240 000 epochs: 10 000 expected per order. Pearson's statistic has
        // 23 degrees of freedom under uniformity; its 1 - 1e-6 quantile (≈ 64) bounds it, so a
        // correct shuffle fails this with probability 1e-6 per seed, while a biased one (e.g. the
        // naive swap-with-any-position shuffle, whose order frequencies differ by up to a factor 2)
        // gives a statistic in the thousands.
        const int epochs = 240_000;
        var counts = new Dictionary<int, int>();
        for (int e = 0; e < epochs; e++)
        {
            var p = Shuffling.Permutation(4, seed: 99, epoch: e);
            int code = p[0] * 64 + p[1] * 16 + p[2] * 4 + p[3];
            counts[code] = counts.GetValueOrDefault(code) + 1;
        }
        Assert.Equal(24, counts.Count);
        double expected = epochs / 24.0;
        double chi2 = counts.Values.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.InRange(chi2, 0, ChiSquared.InvCDF(23, 1 - 1e-6));
    }

    [Fact]
    public void BoundedDrawsAreUnbiasedForABoundThatDoesNotDivideTwoToThe32()
    {
        // bound = 3·2^30 does not divide 2^32, the worst case for a 32-bit reduction. Plain modulo would
        // give each v < 2^30 two preimages (P(v < 2^30) = 1/2); multiply-shift without rejection maps
        // every 4 inputs onto 3 outputs, giving each v ≡ 0 (mod 3) two (P = 1/2). Unbiased, both events
        // have probability 1/3. 300 000 draws: sd = sqrt(n·(1/3)·(2/3)) ≈ 258; a 5 sd tolerance has a
        // two-sided tail ≈ 6e-7, while either bias shifts the count by ~50 000.
        const uint bound = 3u << 30;
        const int n = 300_000;
        ulong counter = 0;
        int low = 0, residueZero = 0;
        for (int i = 0; i < n; i++)
        {
            uint v = SplitMix64.Below(12345, ref counter, bound);
            Assert.True(v < bound);
            if (v < (1u << 30)) low++;
            if (v % 3 == 0) residueZero++;
        }
        double sd = Math.Sqrt(n * (1 / 3.0) * (2 / 3.0));
        Assert.InRange(low, n / 3.0 - 5 * sd, n / 3.0 + 5 * sd);
        Assert.InRange(residueZero, n / 3.0 - 5 * sd, n / 3.0 + 5 * sd);
    }
}
