using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Nn;

/// <summary>
/// The initialisers' distributions. A [400, 300] weight has n = 120 000 entries; the sample mean has
/// standard error σ/√n and the sample variance √((μ₄ − σ⁴)/n), which is σ²·√(2/n) for a normal
/// (μ₄ = 3σ⁴) and σ²·√(0.8/n) for a uniform (μ₄ = 9σ⁴/5). Five standard errors (two-sided
/// significance 5.7·10⁻⁷) are 2.0% of σ² for a normal and 1.3% for a uniform, while the mistakes
/// worth catching (fan-in for fan-out, √2 or 3 missing) move the variance by 30% or more.
/// </summary>
public class InitTests
{
    private const int FanIn = 400, FanOut = 300, N = FanIn * FanOut;

    private static void AssertMoments(double[] w, double variance, bool uniform)
    {
        double mean = w.Average();
        double sampleVariance = w.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1);
        double meanTolerance = 5 * Math.Sqrt(variance / w.Length);
        double varianceTolerance = 5 * variance * Math.Sqrt((uniform ? 0.8 : 2.0) / w.Length);
        Assert.InRange(mean, -meanTolerance, meanTolerance);
        Assert.InRange(sampleVariance, variance - varianceTolerance, variance + varianceTolerance);
    }

    private static double[] Draw(Action<Tensor<double>, Rng> init, ulong seed)
    {
        var w = Tensor<double>.Zeros(FanIn, FanOut);
        init(w, Rng.Create(seed));
        return w.ToArray();
    }

    [Fact]
    public void XavierUniformHasBoundAndVarianceTwoOverFanSum()
    {
        var w = Draw(Init.XavierUniform, 1);
        double a = Math.Sqrt(6.0 / (FanIn + FanOut));
        Assert.All(w, v => Assert.InRange(v, -a, a));
        AssertMoments(w, 2.0 / (FanIn + FanOut), uniform: true);
    }

    [Fact]
    public void XavierNormalHasVarianceTwoOverFanSum()
    {
        AssertMoments(Draw(Init.XavierNormal, 2), 2.0 / (FanIn + FanOut), uniform: false);
        // A gain multiplies the standard deviation.
        AssertMoments(Draw((w, r) => Init.XavierNormal(w, r, 3.0), 2), 9 * 2.0 / (FanIn + FanOut), uniform: false);
    }

    [Fact]
    public void HeNormalHasVarianceTwoOverFanIn()
    {
        AssertMoments(Draw(Init.HeNormal, 3), 2.0 / FanIn, uniform: false);
    }

    [Fact]
    public void HeUniformHasBoundAndVarianceTwoOverFanIn()
    {
        var w = Draw(Init.HeUniform, 4);
        double a = Math.Sqrt(6.0 / FanIn);
        Assert.All(w, v => Assert.InRange(v, -a, a));
        AssertMoments(w, 2.0 / FanIn, uniform: true);
    }

    // PyTorch's nn.Linear bias: U(±1/√fan_in), variance 1/(3·fan_in), on a bias as long as a weight.
    [Fact]
    public void UniformFanInBiasHasBoundAndVarianceOneThirdOverFanIn()
    {
        var b = Tensor<double>.Zeros(N);
        Init.UniformFanInBias(b, FanIn, Rng.Create(6));
        double a = 1 / Math.Sqrt(FanIn);
        Assert.All(b.ToArray(), v => Assert.InRange(v, -a, a));
        AssertMoments(b.ToArray(), 1.0 / (3 * FanIn), uniform: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => Init.UniformFanInBias(b, 0, Rng.Create(6)));
    }

    [Fact]
    public void FloatWeightsGetTheSameDistribution()
    {
        var w = Tensor<float>.Zeros(FanIn, FanOut);
        Init.HeNormal(w, Rng.Create(5));
        AssertMoments(w.ToArray().Select(v => (double)v).ToArray(), 2.0 / FanIn, uniform: false);
    }

    [Theory]
    [InlineData(64, 32)]
    [InlineData(32, 64)]
    [InlineData(50, 50)]
    [InlineData(7, 1)]
    public void OrthogonalHasOrthonormalColumnsOrRows(int rows, int columns)
    {
        var w = Tensor<double>.Zeros(rows, columns);
        Init.Orthogonal(w, Rng.Create(6));
        // WᵀW (n×n) for a tall or square W, WWᵀ (m×m) for a wide one, against the identity. Householder
        // QR is backward stable: ‖QᵀQ − I‖ is a small multiple of n·2⁻⁵³ ≈ 1e-14 here, so 1e-12 holds
        // with room while any real loss of orthogonality (Gram–Schmidt on an ill-conditioned draw,
        // a wrong reflector) is far larger.
        bool tall = rows >= columns;
        int k = tall ? columns : rows, inner = tall ? rows : columns;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double dot = 0;
                for (int p = 0; p < inner; p++) dot += tall ? w[p, i] * w[p, j] : w[i, p] * w[j, p];
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) < 1e-12, $"entry ({i}, {j}) of the Gram matrix is {dot}");
            }
    }

    [Fact]
    public void OrthogonalGainScalesTheGramMatrix()
    {
        var w = Tensor<double>.Zeros(20, 10);
        Init.Orthogonal(w, Rng.Create(7), 2.5);
        for (int j = 0; j < 10; j++)
        {
            double norm2 = 0;
            for (int i = 0; i < 20; i++) norm2 += w[i, j] * w[i, j];
            Assert.Equal(6.25, norm2, 1e-12);
        }
    }

    [Fact]
    public void InitialisersRejectNonMatrices()
    {
        Assert.Throws<ArgumentException>(() => Init.XavierUniform(Tensor<double>.Zeros(5), Rng.Create(1)));
        Assert.Throws<ArgumentException>(() => Init.Orthogonal(Tensor<double>.Zeros(2, 3, 4), Rng.Create(1)));
    }
}
