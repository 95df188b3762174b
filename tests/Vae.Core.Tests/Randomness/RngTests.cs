using MathNet.Numerics.Distributions;
using Vae.Core.Randomness;

namespace Vae.Core.Tests.Randomness;

public class RngTests
{
    private static uint[] Words(Rng rng, int count)
    {
        var words = new uint[count];
        for (int i = 0; i < count; i++) words[i] = rng.NextUInt32();
        return words;
    }

    [Fact]
    public void SameSeedGivesTheSameSequence()
    {
        Rng a = Rng.Create(42), b = Rng.Create(42);
        Assert.Equal(Words(a, 1000), Words(b, 1000));
        var x = new double[777];
        var y = new double[777];
        a.FillNormal<double>(x);
        b.FillNormal<double>(y);
        Assert.Equal(x, y);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentSequences()
    {
        var a = Words(Rng.Create(1), 64);
        var b = Words(Rng.Create(2), 64);
        // Two independent uniform words agree with probability 2^-32; 64 of them, about 1.5e-8 for any.
        Assert.All(Enumerable.Range(0, 64), i => Assert.NotEqual(a[i], b[i]));
    }

    [Fact]
    public void SplitIsDeterministicAndSplitNIsRepeatedSplit()
    {
        Rng a = Rng.Create(7), b = Rng.Create(7);
        var children = a.Split(3);
        var one = b.Split();
        var two = b.Split();
        var three = b.Split();
        Assert.Equal(Words(one, 16), Words(children[0], 16));
        Assert.Equal(Words(two, 16), Words(children[1], 16));
        Assert.Equal(Words(three, 16), Words(children[2], 16));
        Assert.Equal(Words(a, 16), Words(b, 16));
    }

    [Fact]
    public void SplitTakesTheChildKeyFromTheParentsNextTwoWords()
    {
        Rng parent = Rng.Create(9), copy = Rng.Create(9);
        ulong expectedKey = copy.NextUInt64();
        var child = parent.Split();
        Assert.Equal(new RngState(expectedKey, 0, 0), child.GetState());
        Assert.Equal(copy.GetState(), parent.GetState());
    }

    [Fact]
    public void SplitStreamsDifferAndAreUncorrelated()
    {
        // Parent after splitting, and two children: pairwise, the uniforms' sample correlation over n
        // draws is about N(0, 1/n) when independent; 5/sqrt(n) bounds it with two-sided probability
        // 5.7e-7 per pair. Equal or shifted streams would give correlation 1 or identical words.
        const int n = 100_000;
        var parent = Rng.Create(2026);
        var children = parent.Split(2);
        var streams = new[] { parent, children[0], children[1] }.Select(r =>
        {
            var u = new double[n];
            r.FillUniform<double>(u);
            return u;
        }).ToArray();
        for (int i = 0; i < streams.Length; i++)
            for (int j = i + 1; j < streams.Length; j++)
            {
                Assert.NotEqual(streams[i][..8], streams[j][..8]);
                double r = MathNet.Numerics.Statistics.Correlation.Pearson(streams[i], streams[j]);
                Assert.True(Math.Abs(r) < 5 / Math.Sqrt(n), $"streams {i} and {j}: correlation {r}");
            }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(37)]
    public void StateRoundTripContinuesIdentically(int wordsBefore)
    {
        // Stop at every position within a block (0 to 3 words into it) and after a bulk fill.
        var rng = Rng.Create(123);
        rng.FillUInt32(new uint[wordsBefore]);
        var state = rng.GetState();
        Assert.Equal(wordsBefore % 4, state.WordIndex);
        Assert.Equal((ulong)(wordsBefore / 4), state.Counter);
        var restored = Rng.FromState(state);
        Assert.Equal(state, restored.GetState());
        Assert.Equal(Words(rng, 50), Words(restored, 50));
        var x = new float[333];
        var y = new float[333];
        rng.FillNormal<float>(x);
        restored.FillNormal<float>(y);
        Assert.Equal(x, y);
        Assert.Equal(rng.GetState(), restored.GetState());
    }

    [Fact]
    public void FromStateRejectsAWordIndexOutsideTheBlock()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rng.FromState(new RngState(1, 2, 4)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rng.FromState(new RngState(1, 2, -1)));
    }

    [Fact]
    public void BulkWordsAndUniformsEqualTheScalarDraws()
    {
        // Start mid-block so the bulk path drains the buffer, runs whole blocks, then a partial block.
        Rng a = Rng.Create(5), b = Rng.Create(5);
        a.NextUInt32();
        b.NextUInt32();
        var words = new uint[1031];
        a.FillUInt32(words);
        Assert.Equal(Words(b, 1031), words);

        var doubles = new double[1025];
        a.FillUniform<double>(doubles);
        Assert.Equal(Enumerable.Range(0, doubles.Length).Select(_ => b.NextDouble()), doubles);

        var singles = new float[1027];
        a.FillUniform<float>(singles);
        Assert.Equal(Enumerable.Range(0, singles.Length).Select(_ => b.NextSingle()), singles);
        Assert.Equal(a.GetState(), b.GetState());
    }

    [Fact]
    public void UniformsUseTheTopBitsOfTheWords()
    {
        // From seed 0 the first words are the known-answer vector 6627e8d5 e169c58d ...
        // NextSingle = (0x6627e8d5 >> 8) / 2^24 = 0x6627e8 / 2^24 = 6694888 / 16777216.
        Assert.Equal(6694888f / 16777216f, Rng.Create(0).NextSingle());
        // NextDouble = ((0xe169c58d << 32 | 0x6627e8d5) >> 11) / 2^53.
        Assert.Equal((double)((0xe169c58dUL << 32 | 0x6627e8d5UL) >> 11) / 9007199254740992.0, Rng.Create(0).NextDouble());
    }

    [Fact]
    public void NextInt32IsInRangeAndUniform()
    {
        var rng = Rng.Create(11);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.InRange(rng.NextInt32(int.MaxValue), 0, int.MaxValue - 1));
        Assert.Equal(0, rng.NextInt32(1));
        // Chi-square goodness of fit over 7 bins; the critical value is the 1 - 1e-6 quantile of
        // chi-square with 6 degrees of freedom, so a correct generator fails with probability 1e-6.
        const int bins = 7, draws = 70_000;
        var counts = new int[bins];
        for (int i = 0; i < draws; i++) counts[rng.NextInt32(bins)]++;
        AssertChiSquare(counts, draws / (double)bins);
    }

    [Fact]
    public void ShuffleAndPermutationAreUniformPermutations()
    {
        var rng = Rng.Create(17);
        var p = rng.Permutation(100);
        Assert.Equal(Enumerable.Range(0, 100), p.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), p);
        Assert.Empty(rng.Permutation(0));

        // Each of the 3! = 6 orders of three items should be equally likely (chi-square, 5 d.o.f.).
        const int draws = 60_000;
        var counts = new int[6];
        Span<int> items = stackalloc int[3];
        for (int i = 0; i < draws; i++)
        {
            items[0] = 0; items[1] = 1; items[2] = 2;
            rng.Shuffle(items);
            counts[items[0] * 2 + (items[1] > items[2] ? 1 : 0)]++;
        }
        AssertChiSquare(counts, draws / 6.0);
    }

    private static void AssertChiSquare(int[] counts, double expected)
    {
        double statistic = counts.Sum(c => (c - expected) * (c - expected) / expected);
        double critical = ChiSquared.InvCDF(counts.Length - 1, 1 - 1e-6);
        Assert.True(statistic < critical, $"chi-square {statistic} >= {critical}; counts {string.Join(", ", counts)}");
    }
}
