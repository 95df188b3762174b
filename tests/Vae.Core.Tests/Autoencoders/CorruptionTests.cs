using Vae.Core.Autoencoders;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autoencoders;

public class CorruptionTests
{
    private const int Rows = 4000, Columns = 10;

    private static Tensor<double> Constant(double value) => Tensor<double>.Full(new Shape(Rows, Columns), value);

    /// <summary>
    /// For a count that is Binomial(n, p) the frequency is within 5 standard deviations √(p(1 − p)/n)
    /// of p except with probability below 10⁻⁶ (normal approximation, n·p(1 − p) ≥ 800 here).
    /// </summary>
    private static void AssertFrequency(double count, int n, double p) =>
        Assert.InRange(count / n, p - 5 * Math.Sqrt(p * (1 - p) / n), p + 5 * Math.Sqrt(p * (1 - p) / n));

    [Fact]
    public void MaskingZeroesExactlyAFractionOfEachRowUniformly()
    {
        var clean = Constant(0.75);
        var corrupted = Corruption.Masking(0.3).Apply(clean, Rng.Create(1));
        var perColumn = new double[Columns];
        for (int r = 0; r < Rows; r++)
        {
            int zeros = 0;
            for (int c = 0; c < Columns; c++)
            {
                double v = corrupted[r, c];
                Assert.True(v == 0 || v == 0.75);
                if (v == 0) { zeros++; perColumn[c]++; }
            }
            Assert.Equal(3, zeros);  // round(0.3 · 10)
        }
        // Each position is masked with probability 3/10 (the choice is uniform among the 10).
        foreach (double count in perColumn) AssertFrequency(count, Rows, 0.3);
        Assert.Equal(0.75, clean[0]);
    }

    [Fact]
    public void TheChosenCountRoundsHalvesAwayFromZero()
    {
        Assert.Equal(3, Corruption.Masking(0.25).ChosenPerRow(10));
        Assert.Equal(2, Corruption.Masking(0.24).ChosenPerRow(10));
        Assert.Equal(0, Corruption.Masking(0).ChosenPerRow(10));
        Assert.Equal(10, Corruption.SaltAndPepper(1).ChosenPerRow(10));
        var clean = Constant(0.4);
        Assert.Equal(clean.ToArray(), Corruption.Masking(0).Apply(clean, Rng.Create(2)).ToArray());
        Assert.Equal(clean.ToArray(), Corruption.Gaussian(0).Apply(clean, Rng.Create(2)).ToArray());
    }

    [Fact]
    public void SaltAndPepperSetsTheChosenElementsToEitherExtremeByAFairCoin()
    {
        var clean = Constant(0.5);
        var corrupted = Corruption.SaltAndPepper(0.4, -1, 2).Apply(clean, Rng.Create(3));
        double high = 0;
        for (int r = 0; r < Rows; r++)
        {
            int chosen = 0;
            for (int c = 0; c < Columns; c++)
            {
                double v = corrupted[r, c];
                Assert.True(v == 0.5 || v == -1 || v == 2);
                if (v != 0.5) chosen++;
                if (v == 2) high++;
            }
            Assert.Equal(4, chosen);
        }
        AssertFrequency(high, 4 * Rows, 0.5);
    }

    [Fact]
    public void GaussianNoiseHasTheRequestedMeanAndSpread()
    {
        var clean = Tensor<double>.Zeros(Rows, Columns);
        for (int i = 0; i < clean.Size; i++) clean[i] = i % 7 - 3;
        var corrupted = Corruption.Gaussian(0.3).Apply(clean, Rng.Create(4));
        int n = clean.Size;
        double sum = 0, squares = 0;
        for (int i = 0; i < n; i++)
        {
            double e = (corrupted[i] - clean[i]) / 0.3;
            sum += e;
            squares += e * e;
        }
        // The standardised noise e ~ N(0, 1): its mean has standard deviation 1/√n and its mean square
        // (mean 1, variance 2/n) standard deviation √(2/n); 5 of each.
        Assert.InRange(sum / n, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(squares / n, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
    }

    [Fact]
    public void CorruptionIsAFunctionOfTheGeneratorState()
    {
        var clean = Constant(1);
        foreach (var corruption in new[] { Corruption.Masking(0.5), Corruption.Gaussian(1), Corruption.SaltAndPepper(0.2) })
        {
            // The same destination twice: Rng.FillNormal<double> currently depends on the destination's
            // memory alignment in the last bit (TensorPrimitives' vectorised Cos), so Gaussian noise is
            // compared at one address; masking and salt-and-pepper involve no arithmetic.
            var destination = new Tensor<double>(clean.Shape);
            corruption.Apply(clean, Rng.Create(9), destination);
            var first = destination.ToArray();
            corruption.Apply(clean, Rng.Create(9), destination);
            Assert.Equal(first, destination.ToArray());
            if (corruption.Kind != CorruptionKind.Gaussian)
                Assert.Equal(first, corruption.Apply(clean, Rng.Create(9)).ToArray());
            Assert.NotEqual(first, corruption.Apply(clean, Rng.Create(10)).ToArray());
        }
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Corruption.Masking(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Corruption.Gaussian(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Corruption.SaltAndPepper(0.1, double.NaN));
        Assert.Throws<ArgumentException>(() => Corruption.Masking(0.1).Apply(Tensor<double>.Zeros(3, 2), Rng.Create(1), Tensor<double>.Zeros(2, 3)));
    }
}
