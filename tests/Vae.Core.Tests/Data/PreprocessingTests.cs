using Vae.Core.Data;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Data;

public class PreprocessingTests
{
    /// <summary>|count - n·p| ≤ 5·sqrt(n·p·(1-p)): a two-sided binomial tolerance of 5 sd (false alarm ≈ 6e-7).</summary>
    private static void AssertBinomial(long count, long n, double p)
    {
        double sd = Math.Sqrt(n * p * (1 - p));
        Assert.InRange(count, n * p - 5 * sd, n * p + 5 * sd);
    }

    /// <summary>Naive per-column mean and population sd over observed entries, for comparison.</summary>
    private static (double Mean, double Sd) ColumnMoments(Dataset<double> data, int column)
    {
        var values = Enumerable.Range(0, data.Count)
            .Where(r => data.Mask is null || data.Mask[r, column] == 1)
            .Select(r => data.Features[r, column]).ToArray();
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length));
    }

    [Fact]
    public void StandardizationGivesMeanZeroAndStdOneOnTheTrainingSplit()
    {
        var split = BreastCancer.Load<double>().Split(0.2, seed: 1);
        var standardizer = Standardizer.Fit(split.Train);
        var train = standardizer.Apply(split.Train);
        // Features up to ~4000 and 455 rows: double rounding leaves errors near 1e-13; 1e-12 is far
        // below any real error (a wrong divisor n-1 vs n alone changes the sd by 1e-3).
        for (int c = 0; c < 30; c++)
        {
            var (mean, sd) = ColumnMoments(train, c);
            Assert.Equal(0, mean, 1e-12);
            Assert.Equal(1, sd, 1e-12);
        }
        // The test split gets the training statistics, recomputed here naively.
        var test = standardizer.Apply(split.Test);
        for (int c = 0; c < 30; c++)
        {
            var (mean, sd) = ColumnMoments(split.Train, c);
            Assert.Equal(mean, standardizer.Mean[c], 1e-9);
            Assert.Equal(sd, standardizer.Scale[c], 1e-9);
            Assert.Equal((split.Test.Features[0, c] - mean) / sd, test.Features[0, c], 1e-12);
        }
        Assert.Equal(split.Test.Labels!, test.Labels!);
        var back = standardizer.Invert(test.Features);
        for (int i = 0; i < back.Size; i++) Assert.Equal(split.Test.Features[i], back[i], 1e-9);
    }

    [Fact]
    public void StandardizationUsesOnlyObservedEntriesAndKeepsMissingAtZero()
    {
        var masked = Missingness.Mcar(BreastCancer.Load<double>(), 0.2, seed: 3);
        var split = masked.Split(0.25, seed: 2);
        var train = Standardizer.Fit(split.Train).Apply(split.Train);
        for (int c = 0; c < 30; c++)
        {
            var (mean, sd) = ColumnMoments(train, c);
            Assert.Equal(0, mean, 1e-12);
            Assert.Equal(1, sd, 1e-12);
        }
        for (int i = 0; i < train.Features.Size; i++)
            if (train.Mask![i] == 0) Assert.Equal(0, train.Features[i]);
        Assert.Equal(split.Train.Mask!.ToArray(), train.Mask!.ToArray());
    }

    [Fact]
    public void ConstantColumnsGetScaleOneAndFloatResultsAgreeWithDouble()
    {
        // Digits pixel 0 is 0 in every image: std 0, so the divisor is 1 and the column stays 0.
        var digits = Digits.Load<float>();
        var s = Standardizer.Fit(digits);
        Assert.Equal(0, s.Mean[0]);
        Assert.Equal(1, s.Scale[0]);
        var z = s.Apply(digits);
        Assert.All(Enumerable.Range(0, digits.Count), r => Assert.Equal(0f, z.Features[r, 0]));
        // Computed in double and rounded once to float: within half a float ulp of the double result
        // (|z| < 45 here, so 45 · 2^-24 ≈ 2.7e-6 bounds the difference).
        var zd = Standardizer.Fit(digits.Cast<double>()).Apply(digits.Cast<double>());
        for (int i = 0; i < z.Features.Size; i++) Assert.Equal(zd.Features[i], z.Features[i], 3e-6);
        Assert.Throws<ArgumentException>(() => s.Apply(BreastCancer.Load<float>()));
    }

    [Fact]
    public void MinMaxScalingMapsTheTrainingRangeOntoZeroToOne()
    {
        var split = BreastCancer.Load<double>().Split(0.3, seed: 6);
        var scaler = MinMaxScaler.Fit(split.Train);
        var train = scaler.Apply(split.Train);
        for (int c = 0; c < 30; c++)
        {
            var column = Enumerable.Range(0, train.Count).Select(r => train.Features[r, c]).ToArray();
            Assert.Equal(0, column.Min());
            Assert.Equal(1, column.Max());
        }
        var test = scaler.Apply(split.Test);
        double x = split.Test.Features[0, 2];
        Assert.Equal((x - scaler.Min[2]) / scaler.Range[2], test.Features[0, 2], 1e-15);
        var constant = MinMaxScaler.Fit(new Dataset<double>(Tensor<double>.Full(new Shape(3, 1), 4)));
        Assert.Equal(1, constant.Range[0]);
    }

    [Fact]
    public void ThresholdBinarisationByHand()
    {
        var x = Tensor<float>.FromArray([0.2f, 0.5f, 0.51f, 1, 0, 0.9f], 2, 3);
        var mask = Tensor<float>.FromArray([1, 1, 1, 1, 0, 1], 2, 3);
        var b = Binarization.Threshold(new Dataset<float>(x, [1, 2], mask));
        Assert.Equal([0f, 0, 1, 1, 0, 1], b.Features.ToArray());
        Assert.Equal(mask.ToArray(), b.Mask!.ToArray());
        // With a negative threshold every observed value is 1, but the missing one stays 0.
        Assert.Equal([1f, 1, 1, 1, 0, 1], Binarization.Threshold(new Dataset<float>(x, null, mask), -1).Features.ToArray());
    }

    [Fact]
    public void DynamicBinarisationDrawsBernoulliWithTheGivenProbabilities()
    {
        // Column c has probability c/9 in every row: 2000 draws per column.
        var x = Tensor<double>.Zeros(2000, 10);
        for (int r = 0; r < 2000; r++)
            for (int c = 0; c < 10; c++) x[r, c] = c / 9.0;
        var data = new Dataset<double>(x);
        var b = Binarization.Sample(data, seed: 12, epoch: 0);
        for (int c = 0; c < 10; c++)
        {
            int ones = Enumerable.Range(0, 2000).Count(r => b.Features[r, c] == 1);
            Assert.Equal(2000, ones + Enumerable.Range(0, 2000).Count(r => b.Features[r, c] == 0));
            if (c == 0) Assert.Equal(0, ones);
            else if (c == 9) Assert.Equal(2000, ones);
            else AssertBinomial(ones, 2000, c / 9.0);
        }
        Assert.Equal(b.Features.ToArray(), Binarization.Sample(data, 12, 0).Features.ToArray());
        var next = Binarization.Sample(data, 12, 1).Features.ToArray();
        Assert.NotEqual(b.Features.ToArray(), next);
        // Two epochs agree on a value with probability p² + (1-p)²; sum that over the 16 000 cells with 0 < p < 1.
        int agree = 0;
        for (int i = 0; i < next.Length; i++)
            if (i % 10 is > 0 and < 9 && next[i] == b.Features[i]) agree++;
        double pAgree = Enumerable.Range(1, 8).Select(c => c / 9.0).Average(p => p * p + (1 - p) * (1 - p));
        AssertBinomial(agree, 16_000, pAgree);
        Assert.Throws<ArgumentException>(() => Binarization.Sample(new Dataset<double>(Tensor<double>.Full(new Shape(1, 1), 1.5)), 1, 0));
    }

    [Fact]
    public void McarHidesValuesAtTheGivenRateAndZeroFillsThem()
    {
        var digits = Digits.Load<double>();
        const double rate = 0.25;
        var m = Missingness.Mcar(digits, rate, seed: 8);
        var mask = m.Mask!.ToArray();
        // 1797 · 64 = 115 008 independent Bernoulli(0.25) hides: sd ≈ 146.8, tolerance 5 sd ≈ 734.
        AssertBinomial(mask.LongCount(v => v == 0), 115_008, rate);
        // Each column separately: 1797 draws, sd ≈ 18.4.
        var perColumn = new int[64];
        for (int i = 0; i < mask.Length; i++)
            if (mask[i] == 0) perColumn[i % 64]++;
        foreach (int count in perColumn) AssertBinomial(count, 1797, rate);
        var x = digits.Features.ToArray();
        var y = m.Features.ToArray();
        for (int i = 0; i < mask.Length; i++) Assert.Equal(mask[i] == 0 ? 0 : x[i], y[i]);
        Assert.Equal(digits.Labels!, m.Labels!);
        Assert.Equal(mask, Missingness.Mcar(digits, rate, 8).Mask!.ToArray());
        Assert.NotEqual(mask, Missingness.Mcar(digits, rate, 9).Mask!.ToArray());

        // Applied again, missing values stay missing and a further quarter of the rest is hidden:
        // overall 1 - 0.75² = 0.4375 (the second pass uses another seed, so its draws are independent).
        var twice = Missingness.Mcar(m, rate, seed: 10).Mask!.ToArray();
        for (int i = 0; i < mask.Length; i++)
            if (mask[i] == 0) Assert.Equal(0, twice[i]);
        AssertBinomial(twice.LongCount(v => v == 0), 115_008, 0.4375);

        Assert.DoesNotContain(0.0, Missingness.Mcar(digits, 0, 1).Mask!.ToArray());
        Assert.DoesNotContain(1.0, Missingness.Mcar(digits, 1, 1).Mask!.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Missingness.Mcar(digits, 1.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Missingness.Mcar(digits, double.NaN, 1));
    }
}
