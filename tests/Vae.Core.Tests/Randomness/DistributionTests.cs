using MathNet.Numerics.Distributions;
using Vae.Core.Randomness;

namespace Vae.Core.Tests.Randomness;

/// <summary>
/// Statistical checks of the bulk fills. Every tolerance is a quantile of the statistic's sampling
/// distribution at a stated significance, so a correct generator fails with that (tiny) probability
/// for a random seed, and the fixed seeds make each run reproducible:
/// <list type="bullet">
/// <item>Means and variances: the sample mean of n draws has standard error σ/√n and the sample
/// variance √((μ₄ − σ⁴)/n) (μ₄ the fourth central moment); we allow 5 standard errors, a two-sided
/// significance of 5.7·10⁻⁷ under the normal approximation (n ≥ 10⁵ here).</item>
/// <item>Kolmogorov–Smirnov: the Dvoretzky–Kiefer–Wolfowitz inequality with Massart's constant,
/// P(D_n &gt; ε) ≤ 2 exp(−2nε²), holds for every n (it is the tail of the Kolmogorov distribution,
/// 2 exp(−2x²) for x = ε√n); ε = √(ln(2/α)/(2n)) gives significance at most α = 10⁻⁶.</item>
/// </list>
/// With n = 2¹⁸ the KS bound is 0.0053: a normal whose mean is off by 0.013σ (the CDF moves by
/// 0.40·δ at 0) or whose scale is off by 2.2% (the CDF moves by 0.24·s at ±1σ) is rejected, and the
/// 5-standard-error variance band (1.4% of σ²) catches scale errors down to 0.7%.
/// </summary>
public class DistributionTests
{
    private const int N = 1 << 18;
    private const double Alpha = 1e-6;

    private static double KsBound(int n) => Math.Sqrt(Math.Log(2 / Alpha) / (2.0 * n));

    private static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        var sorted = (double[])sample.Clone();
        Array.Sort(sorted);
        double d = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / sorted.Length - f, f - (double)i / sorted.Length));
        }
        return d;
    }

    private static (double Mean, double Variance) Moments(double[] x)
    {
        double mean = x.Average();
        return (mean, x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
    }

    private static double[] Draw<T>(Action<Rng, Span<T>> fill, ulong seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var values = new T[N];
        fill(Rng.Create(seed), values);
        return values.Select(double.CreateChecked).ToArray();
    }

    public static TheoryData<string> Types => ["float", "double"];

    private static double[] Uniform(string type, ulong seed) => type == "float"
        ? Draw<float>((r, s) => r.FillUniform(s), seed)
        : Draw<double>((r, s) => r.FillUniform(s), seed);

    private static double[] Normal(string type, ulong seed, double mean = 0, double sd = 1) => type == "float"
        ? Draw<float>((r, s) => r.FillNormal(s, (float)mean, (float)sd), seed)
        : Draw<double>((r, s) => r.FillNormal(s, mean, sd), seed);

    [Theory]
    [MemberData(nameof(Types))]
    public void UniformHasTheMomentsAndDistributionOfU01(string type)
    {
        var u = Uniform(type, 31);
        Assert.All(u, v => Assert.InRange(v, 0.0, Math.BitDecrement(1.0)));
        var (mean, variance) = Moments(u);
        // U(0, 1): σ² = 1/12, μ₄ = 1/80, so μ₄ − σ⁴ = 1/80 − 1/144 = 1/180.
        Assert.InRange(mean, 0.5 - 5 * Math.Sqrt(1.0 / 12 / N), 0.5 + 5 * Math.Sqrt(1.0 / 12 / N));
        Assert.InRange(variance, 1.0 / 12 - 5 * Math.Sqrt(1.0 / 180 / N), 1.0 / 12 + 5 * Math.Sqrt(1.0 / 180 / N));
        double d = KolmogorovSmirnov(u, x => ContinuousUniform.CDF(0, 1, x));
        Assert.True(d < KsBound(N), $"KS statistic {d} >= {KsBound(N)}");
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void NormalHasTheMomentsAndDistributionOfN01(string type)
    {
        var z = Normal(type, 32);
        var (mean, variance) = Moments(z);
        // N(0, 1): standard error of the mean 1/√n; of the variance √(2/n) (μ₄ = 3σ⁴).
        Assert.InRange(mean, -5 / Math.Sqrt(N), 5 / Math.Sqrt(N));
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / N), 1 + 5 * Math.Sqrt(2.0 / N));
        double d = KolmogorovSmirnov(z, x => MathNet.Numerics.Distributions.Normal.CDF(0, 1, x));
        Assert.True(d < KsBound(N), $"KS statistic {d} >= {KsBound(N)}");
        // The Box–Muller tail bound: √(−2 ln 2^-24) for float, √(−2 ln 2^-53) for double.
        double bound = Math.Sqrt(-2 * Math.Log(Math.Pow(2, type == "float" ? -24 : -53)));
        Assert.All(z, v => Assert.InRange(v, -bound * (1 + 1e-6), bound * (1 + 1e-6)));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void ShiftedAndScaledFillsMatchTheirDistributions(string type)
    {
        var z = Normal(type, 33, mean: -3, sd: 2.5);
        Assert.True(KolmogorovSmirnov(z, x => MathNet.Numerics.Distributions.Normal.CDF(-3, 2.5, x)) < KsBound(N));
        var u = type == "float"
            ? Draw<float>((r, s) => r.FillUniform(s, -2f, 6f), 34)
            : Draw<double>((r, s) => r.FillUniform(s, -2.0, 6.0), 34);
        Assert.All(u, v => Assert.InRange(v, -2.0, 6.0));
        Assert.True(KolmogorovSmirnov(u, x => ContinuousUniform.CDF(-2, 6, x)) < KsBound(N));
    }

    [Fact]
    public void NormalPairsAreUncorrelated()
    {
        // The cosine and sine halves of each pass come from the same (u₁, u₂); they are independent
        // only if the transform is right. Pass 512 holds cosines at 0..255 and sines at 256..511.
        var z = Normal("double", 35);
        var cos = new List<double>();
        var sin = new List<double>();
        for (int pass = 0; pass < N / 512; pass++)
            for (int i = 0; i < 256; i++)
            {
                cos.Add(z[512 * pass + i] * z[512 * pass + i]);
                sin.Add(z[512 * pass + 256 + i] * z[512 * pass + 256 + i]);
            }
        // Squares of independent normals are uncorrelated; correlation standard error 1/√(n/2).
        double r = MathNet.Numerics.Statistics.Correlation.Pearson(cos, sin);
        Assert.True(Math.Abs(r) < 5 / Math.Sqrt(N / 2.0), $"correlation {r}");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.001)]
    [InlineData(0.5)]
    public void BernoulliRateMatchesTheProbability(double p)
    {
        var x = Draw<float>((r, s) => r.FillBernoulli(s, p), 36);
        Assert.All(x, v => Assert.True(v == 0 || v == 1));
        // The rate has standard error √(p(1 − p)/n); 5 of them again.
        double rate = x.Average();
        Assert.InRange(rate, p - 5 * Math.Sqrt(p * (1 - p) / N), p + 5 * Math.Sqrt(p * (1 - p) / N));
    }

    [Fact]
    public void BernoulliIsTheSameThresholdOnEveryPath()
    {
        // float runs in vector lanes, double one word at a time; both must draw 1 exactly when the
        // word is below round(p·2³²) (here 0.3·2³² = 1288490188.8, rounded to 1288490189).
        var words = new uint[1001];
        Rng.Create(39).FillUInt32(words);
        var singles = new float[words.Length];
        var doubles = new double[words.Length];
        Rng.Create(39).FillBernoulli<float>(singles, 0.3);
        Rng.Create(39).FillBernoulli<double>(doubles, 0.3);
        Assert.Equal(words.Select(w => w < 1288490189u ? 1f : 0f), singles);
        Assert.Equal(words.Select(w => w < 1288490189u ? 1.0 : 0.0), doubles);
    }

    [Fact]
    public void BernoulliEndpointsAreExact()
    {
        var x = new double[1000];
        var f = new float[1000];
        var rng = Rng.Create(37);
        rng.FillBernoulli<double>(x, 0);
        rng.FillBernoulli<float>(f, 0);
        Assert.All(x, v => Assert.Equal(0.0, v));
        Assert.All(f, v => Assert.Equal(0f, v));
        rng.FillBernoulli<double>(x, 1);
        rng.FillBernoulli<float>(f, 1);
        Assert.All(x, v => Assert.Equal(1.0, v));
        Assert.All(f, v => Assert.Equal(1f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.FillBernoulli<double>(x, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.FillBernoulli<double>(x, double.NaN));
    }

    [Fact]
    public void ScalarNormalHasUnitVariance()
    {
        const int n = 100_000;
        var rng = Rng.Create(38);
        var z = Enumerable.Range(0, n).Select(_ => rng.NextNormal()).ToArray();
        var (mean, variance) = Moments(z);
        Assert.InRange(mean, -5 / Math.Sqrt(n), 5 / Math.Sqrt(n));
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / n), 1 + 5 * Math.Sqrt(2.0 / n));
        Assert.True(KolmogorovSmirnov(z, x => MathNet.Numerics.Distributions.Normal.CDF(0, 1, x)) < KsBound(n));
    }
}
