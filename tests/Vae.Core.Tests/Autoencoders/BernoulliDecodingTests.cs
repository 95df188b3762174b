using Vae.Core.Autoencoders;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Tests.Autoencoders;

public class BernoulliDecodingTests
{
    [Fact]
    public void ThresholdIsExactlyTheSignOfTheLogit()
    {
        float[] logits = [float.NegativeInfinity, -1, -1e-30f, -float.Epsilon, -0f, 0f, float.Epsilon, 1e-30f, 3, float.PositiveInfinity];
        float[] expected = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
        var decoded = BernoulliDecoding.Threshold(Tensor<float>.FromArray(logits, 2, 5));
        Assert.Equal(expected, decoded.ToArray());
        // Why the decision is taken on the logit: σ(−1e−30) computed in float is exactly ½, so a
        // threshold on the probability would turn these negative logits (true σ < ½) into 1.
        Span<float> p = stackalloc float[1];
        TP.Sigmoid([-1e-30f], p);
        Assert.Equal(0.5f, p[0]);
    }

    [Fact]
    public void ThresholdAgreesWithTheProbabilityAwayFromHalf()
    {
        var rng = Rng.Create(8);
        var logits = Tensor<double>.Zeros(50, 20);
        rng.FillNormal(logits.Span, 0.0, 4.0);
        var decoded = BernoulliDecoding.Threshold(logits);
        for (int i = 0; i < logits.Size; i++)
            Assert.Equal(1 / (1 + Math.Exp(-logits[i])) >= 0.5 ? 1.0 : 0.0, decoded[i]);
    }

    [Fact]
    public void NaNLogitsAreRejected()
    {
        var logits = Tensor<float>.FromArray([0, float.NaN], 1, 2);
        Assert.Throws<ArgumentException>(() => BernoulliDecoding.Threshold(logits));
        Assert.Throws<ArgumentException>(() => BernoulliDecoding.Sample(logits, Rng.Create(1)));
    }

    [Fact]
    public void SampledFrequenciesMatchTheSigmoid()
    {
        // Each column repeats one logit over N rows; the count of ones is Binomial(N, σ(ℓ)), so the
        // frequency lies within 5 standard deviations √(p(1 − p)/N) of p except with probability
        // 6·10⁻⁷ per column (normal approximation; N·p(1 − p) ≥ 900 here, so it is accurate).
        double[] columns = [-3, -1, -0.2, 0, 0.7, 2.5];
        const int n = 20000;
        foreach (var sample in new Func<Tensor<double>>[]
        {
            () => BernoulliDecoding.Sample(Logits(columns, n), Rng.Create(17)),
            () => BernoulliDecoding.Sample(Logits(columns, n).Cast<float>(), Rng.Create(17)).Cast<double>(),
        })
        {
            var draws = sample();
            for (int c = 0; c < columns.Length; c++)
            {
                double p = 1 / (1 + Math.Exp(-columns[c])), ones = 0;
                for (int r = 0; r < n; r++)
                {
                    double v = draws[r, c];
                    Assert.True(v == 0 || v == 1);
                    ones += v;
                }
                Assert.InRange(ones / n, p - 5 * Math.Sqrt(p * (1 - p) / n), p + 5 * Math.Sqrt(p * (1 - p) / n));
            }
        }
    }

    [Fact]
    public void InfiniteLogitsSampleTheirLimitAndDrawsAreReproducible()
    {
        var logits = Tensor<float>.FromArray([float.NegativeInfinity, float.PositiveInfinity, 0.3f, -0.4f], 1, 4);
        var wide = Tensor<float>.Zeros(500, 4);
        for (int r = 0; r < 500; r++) logits.ReadOnlySpan.CopyTo(wide.Span.Slice(r * 4, 4));
        var a = BernoulliDecoding.Sample(wide, Rng.Create(5));
        for (int r = 0; r < 500; r++)
        {
            Assert.Equal(0f, a[r, 0]);
            Assert.Equal(1f, a[r, 1]);
        }
        Assert.Equal(a.ToArray(), BernoulliDecoding.Sample(wide, Rng.Create(5)).ToArray());
        Assert.NotEqual(a.ToArray(), BernoulliDecoding.Sample(wide, Rng.Create(6)).ToArray());
        // In place: the destination may be the logits themselves.
        var inPlace = wide.Clone();
        BernoulliDecoding.Sample(inPlace, Rng.Create(5), inPlace);
        Assert.Equal(a.ToArray(), inPlace.ToArray());
    }

    private static Tensor<double> Logits(double[] columns, int rows)
    {
        var t = Tensor<double>.Zeros(rows, columns.Length);
        for (int r = 0; r < rows; r++) columns.CopyTo(t.Span.Slice(r * columns.Length, columns.Length));
        return t;
    }
}
