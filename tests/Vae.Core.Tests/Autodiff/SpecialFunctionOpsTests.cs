using MathNet.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>
/// Erf, LogGamma and Digamma: values against 30-digit references (mpmath) and MathNet.Numerics,
/// gradients (ψ for LogGamma, ψ′ for Digamma, the Gaussian kernel for Erf) against float64 central
/// differences, poles and limits, and the float path against the double one.
/// </summary>
/// <remarks>
/// Tolerances: the documented error bounds are about 10 ulps for erf and 10⁻¹⁴·max(1, |f|) for
/// ln Γ, ψ and ψ′ (measured against 40-digit arithmetic on a grid of 80 000 points); the tests
/// allow 4·10⁻¹⁴·max(1, |f|) against exact references, a small multiple of that bound, and add
/// MathNet's own error (it documents about 10⁻¹⁵ relative for these functions) when comparing with
/// MathNet. A wrong coefficient in any series changes values by at least its first omitted term
/// times 10³ (about 10⁻¹² at the series thresholds), which these tolerances catch.
/// </remarks>
public class SpecialFunctionOpsTests
{
    private const double Tolerance = 4e-14;

    /// <summary>x, ln |Γ(x)|, ψ(x), ψ′(x) to 17 digits (mpmath, 30-digit working precision).</summary>
    private static readonly (double X, double LogGamma, double Digamma, double Trigamma)[] Reference =
    [
        (-2.5, -0.056243716497674051, 1.1031566406452432, 9.5392466449891238),
        (-0.5, 1.2655121234846454, 0.036489973978576521, 8.9348022005446793),
        (0.001, 6.9071788853838537, -1000.5755719318103, 1000001.6425331959),
        (0.5, 0.57236494292470009, -1.9635100260214235, 4.9348022005446793),
        (1, 0.0, -0.57721566490153286, 1.6449340668482264),
        (1.5, -0.12078223763524522, 0.036489973978576521, 0.93480220054467931),
        (2, 0.0, 0.42278433509846714, 0.64493406684822644),
        (3.25, 0.93580193110872536, 1.016990911068179, 0.35979829030957988),
        (7, 6.579251212010101, 1.8727843350984671, 0.15354517795933755),
        (10, 12.80182748008147, 2.2517525890667211, 0.10516633568168575),
        (15, 25.191221182738682, 2.6743466616607937, 0.068938227847683806),
        (42.5, 115.90007047041453, 3.7376932365000936, 0.023808399244056415),
        (1000, 5905.2204232091812, 6.9072551956488121, 0.0010005001666666333),
    ];

    /// <summary>x, erf(x) to 17 digits (mpmath).</summary>
    private static readonly (double X, double Erf)[] ErfReference =
    [
        (-4, -0.9999999845827421), (-0.75, -0.71115563365351513), (1e-12, 1.1283791670955126e-12),
        (0.1, 0.11246291601828489), (1, 0.84270079294971487), (2.5, 0.99959304798255504),
        (3, 0.99997790950300141), (3.5, 0.99999925690162766), (5, 0.99999999999846254), (6.4, 1.0),
    ];

    private static void Close(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"{what}: expected {expected:R}, got {actual:R}.");

    private static double[] Apply(Func<Var<double>, Var<double>> op, double[] x) =>
        op(new Tape<double>().Constant(Tensor<double>.FromArray(x, x.Length))).Value.ToArray();

    [Fact]
    public void ValuesMatchHighPrecisionReferences()
    {
        var x = Reference.Select(r => r.X).ToArray();
        double[] logGamma = Apply(Ops.LogGamma, x), digamma = Apply(Ops.Digamma, x);
        for (int i = 0; i < x.Length; i++)
        {
            Close(Reference[i].LogGamma, logGamma[i], Tolerance, $"ln Γ({x[i]})");
            Close(Reference[i].Digamma, digamma[i], Tolerance, $"ψ({x[i]})");
            Close(Reference[i].Trigamma, Ops.TrigammaOf(x[i]), Tolerance, $"ψ′({x[i]})");
        }
        var e = ErfReference.Select(r => r.X).ToArray();
        var erf = Apply(Ops.Erf, e);
        // Relative: erf keeps full relative accuracy at tiny x (1e-12 here), 10 ulps ≈ 2.2e-15.
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(erf[i] - ErfReference[i].Erf) <= 4e-15 * Math.Abs(ErfReference[i].Erf), $"erf({e[i]}) = {erf[i]:R}");
    }

    [Fact]
    public void ValuesMatchMathNetOnADenseGrid()
    {
        // 0.0137 steps avoid landing on the poles; −6 to 60 covers reflection, recurrence and asymptotic ranges.
        var x = Enumerable.Range(0, 4800).Select(k => -6 + 0.0137 * k + 1e-4).ToArray();
        double[] logGamma = Apply(Ops.LogGamma, x), digamma = Apply(Ops.Digamma, x), erf = Apply(Ops.Erf, x);
        for (int i = 0; i < x.Length; i++)
        {
            Close(SpecialFunctions.Erf(x[i]), erf[i], 4e-15 + 1e-15, $"erf({x[i]:R})");
            // MathNet loses digits near the negative poles (2.5e-13 relative for ln |Γ| and 6e-13 for ψ at
            // −5.9999, where 30-digit arithmetic agrees with this implementation), so negative arguments
            // are left to the 30-digit references above.
            if (x[i] <= 0) continue;
            Close(SpecialFunctions.GammaLn(x[i]), logGamma[i], Tolerance + 1e-14, $"ln Γ({x[i]:R})");
            Close(SpecialFunctions.DiGamma(x[i]), digamma[i], Tolerance + 1e-14, $"ψ({x[i]:R})");
        }
    }

    [Fact]
    public void TrigammaMatchesItsSeriesAndReflection()
    {
        // ψ′(n) = π²/6 − Σ_{k<n} 1/k² and ψ′(n + ½) = π²/2 − 4 Σ_{k≤n} 1/(2k − 1)², exactly.
        double harmonic2 = 0, odd2 = 0;
        for (int n = 1; n <= 25; n++)
        {
            Close(Math.PI * Math.PI / 6 - harmonic2, Ops.TrigammaOf(n), Tolerance, $"ψ′({n})");
            harmonic2 += 1.0 / ((double)n * n);
            odd2 += 1.0 / ((2.0 * n - 1) * (2.0 * n - 1));
            Close(Math.PI * Math.PI / 2 - 4 * odd2, Ops.TrigammaOf(n + 0.5), Tolerance, $"ψ′({n + 0.5})");
        }
        // Reflection: ψ′(1 − x) + ψ′(x) = π² / sin²(πx).
        foreach (double x in new[] { -3.3, -0.25, 0.2, 0.7 })
        {
            double s = Math.Sin(Math.PI * x);
            Close(Math.PI * Math.PI / (s * s), Ops.TrigammaOf(1 - x) + Ops.TrigammaOf(x), Tolerance, $"reflection at {x}");
        }
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        // Away from poles (≥ 0.3 from the nearest) |f'''| ≤ 2/0.3⁴ + … < 600 for ψ′'s derivative, so
        // GradientCheck's truncation error h²|f'''|/6 stays below 1e-10 (see ElementwiseOpsTests).
        var x = Tensor<double>.FromArray([0.35, 0.8, 1.4616, 2.5, 9.7, 10.3, 33, -0.6, -2.4], 9);
        GradientCheck.Assert(p => Ops.LogGamma(p[0]), [x]);
        GradientCheck.Assert(p => Ops.Digamma(p[0]), [x]);
        var e = Tensor<double>.FromArray([-3.2, -1, -0.01, 0, 0.3, 1.7, 2.99, 3.01, 5.5], 9);
        GradientCheck.Assert(p => Ops.Erf(p[0]), [e]);
    }

    [Fact]
    public void PolesAndInfinitiesFollowTheLimits()
    {
        var logGamma = Apply(Ops.LogGamma, [0, -1, -7, double.PositiveInfinity, double.NaN]);
        Assert.Equal([double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity], logGamma[..4]);
        Assert.True(double.IsNaN(logGamma[4]));
        var digamma = Apply(Ops.Digamma, [0, -3, double.PositiveInfinity]);
        Assert.True(double.IsNaN(digamma[0]) && double.IsNaN(digamma[1]));
        Assert.Equal(double.PositiveInfinity, digamma[2]);
        Assert.Equal(double.PositiveInfinity, Ops.TrigammaOf(-2));
        Assert.Equal(0, Ops.TrigammaOf(double.PositiveInfinity));
        Assert.Equal([-1.0, 1.0, 0.0], Apply(Ops.Erf, [double.NegativeInfinity, double.PositiveInfinity, 0]));
    }

    [Fact]
    public void FloatValuesAreTheDoubleValuesRounded()
    {
        float[] x = [0.25f, 1.5f, 3.75f, 12f, 100.5f, -1.5f];
        var tape = new Tape<float>();
        var input = tape.Constant(Tensor<float>.FromArray(x, x.Length));
        float[] logGamma = Ops.LogGamma(input).Value.ToArray(), digamma = Ops.Digamma(input).Value.ToArray(), erf = Ops.Erf(input).Value.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal((float)Ops.LogGammaOf(x[i]), logGamma[i]);
            Assert.Equal((float)Ops.DigammaOf(x[i]), digamma[i]);
            Assert.Equal((float)Ops.ErfOf(x[i]), erf[i]);
        }
    }
}
