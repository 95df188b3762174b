using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>
/// Gradient checks (float64 central differences, <see cref="GradientCheck"/>) for the element-wise ops
/// on random shapes of rank 1 to 3, and their forward values against independent references.
/// </summary>
/// <remarks>
/// Value ranges: the finite-difference step is h = 1e-6, so a kink (Abs, LeakyRelu and Elu at 0, Clamp
/// at its bounds) is harmless once every element is at least 0.01 ≫ h away from it, and a singularity
/// (Log1p at −1, Sqrt and Reciprocal at 0) once the third derivative stays moderate: the truncation
/// error h²·|f'''|/6 is below 1e-10 for |f'''| ≤ 600, far inside the 1e-6 tolerance. Ranges also keep
/// |f| ≤ 9, so that over at most 64 elements |L| ≤ 576 and GradientCheck's rounding term
/// ε|L|/h ≈ 1.3e-7 stays well below the tolerance.
/// </remarks>
public class ElementwiseOpsTests
{
    private const int Cases = 25;

    private static void CheckGradient(Gen<double> values, Func<Var<double>, Var<double>> op) =>
        PropertyRunner.Check(Prop.ForAll(TensorGen.Tensor(values).ToArbitrary(), x =>
        {
            GradientCheck.Assert(p => op(p[0]), [x]);
        }), cases: Cases);

    private static void CheckGradient(Gen<double> parameter, Gen<double> values, Func<Var<double>, double, Var<double>> op)
    {
        var cases = from c in parameter from x in TensorGen.Tensor(values) select (Parameter: c, X: x);
        PropertyRunner.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            GradientCheck.Assert(p => op(p[0], c.Parameter), [c.X]);
        }), cases: Cases);
    }

    // |f'''| = 2/(1+x)³ ≤ 16 on [−0.5, 3].
    [Fact]
    public void Log1pGradient() => CheckGradient(TensorGen.Uniform(-0.5, 3), Ops.Log1p);

    [Fact]
    public void Expm1Gradient() => CheckGradient(TensorGen.Uniform(-2, 2), Ops.Expm1);

    // |f'''| = (3/8) x^(−5/2) ≤ 12 on [0.25, 4].
    [Fact]
    public void SqrtGradient() => CheckGradient(TensorGen.Uniform(0.25, 4), Ops.Sqrt);

    // |f'''| = 6/x⁴ ≤ 600 for |x| ≥ 0.32.
    [Fact]
    public void ReciprocalGradient() => CheckGradient(TensorGen.SignedUniform(0.32, 3), Ops.Reciprocal);

    [Fact]
    public void AbsGradient() => CheckGradient(TensorGen.SignedUniform(0.01, 3), Ops.Abs);

    [Fact]
    public void SoftplusGradient() => CheckGradient(TensorGen.Uniform(-6, 6), Ops.Softplus);

    [Fact]
    public void LogSigmoidGradient() => CheckGradient(TensorGen.Uniform(-6, 6), Ops.LogSigmoid);

    [Fact]
    public void LeakyReluGradient() =>
        CheckGradient(TensorGen.Uniform(0, 0.5), TensorGen.SignedUniform(0.01, 3), Ops.LeakyRelu);

    [Fact]
    public void EluGradient() =>
        CheckGradient(TensorGen.Uniform(0.5, 2), TensorGen.SignedUniform(0.01, 3), Ops.Elu);

    // x in [0.4, 3] and p in [−2, 2]: |f'''| = |p(p−1)(p−2)| x^(p−3) ≤ 24 · 0.4⁻⁵ ≈ 2.3e3, and the
    // tolerance is relative to |g| = |p| x^(p−1) ≥ 2 · 0.4⁻³ ≈ 31 there, so the truncation error
    // h²·|f'''|/6 ≈ 4e-10 is again negligible.
    [Fact]
    public void PowScalarExponentGradient() =>
        CheckGradient(TensorGen.Uniform(-2, 2), TensorGen.Uniform(0.4, 3), Ops.Pow);

    [Fact]
    public void PowIntegerExponentGradientOnNegativeBase() =>
        CheckGradient(Gen.Elements(2.0, 3.0, -1.0), TensorGen.SignedUniform(0.5, 2), Ops.Pow);

    [Fact]
    public void ClampGradientPassesOnlyInside()
    {
        var cases =
            from low in TensorGen.Uniform(-1.5, -0.5)
            from high in TensorGen.Uniform(0.5, 1.5)
            from x in TensorGen.Tensor(TensorGen.Uniform(-3, 3).Where(v => Math.Abs(v - low) >= 0.01 && Math.Abs(v - high) >= 0.01))
            select (Low: low, High: high, X: x);
        PropertyRunner.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            GradientCheck.Assert(p => Ops.Clamp(p[0], c.Low, c.High), [c.X]);
        }), cases: Cases);
    }

    /// <summary>Shapes for (x, exponent) that broadcast, as in the arithmetic tests.</summary>
    private static readonly (int[] A, int[] B)[] BroadcastCases =
    [
        ([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], []), ([4], [3, 4]), ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]),
    ];

    [Fact]
    public void PowBroadcastGradientForBaseAndExponent()
    {
        var cases =
            from shapes in Gen.Elements(BroadcastCases)
            from x in TensorGen.Tensor(shapes.A, TensorGen.Uniform(0.4, 3))
            from e in TensorGen.Tensor(shapes.B, TensorGen.Uniform(-2, 2))
            select (X: x, E: e);
        PropertyRunner.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            GradientCheck.Assert(p => Ops.Pow(p[0], p[1]), [c.X, c.E]);
        }), cases: Cases);
    }

    // Forward values. Ops that are a single correctly rounded IEEE operation (√, 1/x, |x|, a product,
    // a comparison) must equal the System.Math result exactly.

    private static void CheckForward(Gen<double> values, Func<Var<double>, Var<double>> op, Func<double, double> reference, double relativeTolerance)
    {
        PropertyRunner.Check(Prop.ForAll(TensorGen.Tensor(values).ToArbitrary(), x =>
        {
            var y = op(new Tape<double>().Constant(x)).Value;
            for (int i = 0; i < x.Size; i++)
            {
                double expected = reference(x[i]);
                if (!(Math.Abs(y[i] - expected) <= relativeTolerance * Math.Abs(expected)))
                    throw new Xunit.Sdk.XunitException($"At x = {x[i]:R}: got {y[i]:R}, expected {expected:R}.");
            }
        }), cases: 200);
    }

    private const double U = 1.0 / (1L << 53);

    // The library's log1p: vectorised log (≤ 3 ulp = 6u), x/(u−1) and the product (2u) and Goldberg's
    // formula itself (≤ 2u) give ≤ 10u; the reference adds ≤ 5u; 15u rounds up to 32u with headroom
    // for the elementary functions' platform variation. The ranges cover tiny |x| (where a naive
    // ln(1 + x) has no correct digit), x near −1 and large x.
    [Fact]
    public void Log1pMatchesSeriesReference()
    {
        var values = Gen.OneOf(TensorGen.SignedLogUniform(1e-300, 0.5), TensorGen.Uniform(-0.9999999, -0.5), TensorGen.SignedLogUniform(0.5, 1e300).Select(Math.Abs));
        CheckForward(values, Ops.Log1p, ReferenceMath.Log1p, 32 * U);
    }

    // Kahan's formula: vectorised exp and log (6u each), three roundings (≤ 3u): 15u; reference 4u;
    // 19u rounds up to 32u.
    [Fact]
    public void Expm1MatchesTaylorReference() =>
        CheckForward(TensorGen.SignedLogUniform(1e-300, 700), Ops.Expm1, ReferenceMath.Expm1, 32 * U);

    // e^(−|x|) (6u, passed through log1p with a condition number ≤ 1), log1p (10u), the addition (u):
    // 17u; the reference adds ≤ 8u; 25u rounds up to 32u. The range reaches x = ±700, where
    // softplus(−700) ≈ 1e-304 must keep its relative accuracy.
    [Fact]
    public void SoftplusMatchesReference() =>
        CheckForward(TensorGen.SignedLogUniform(1e-10, 700), Ops.Softplus, ReferenceMath.Softplus, 32 * U);

    [Fact]
    public void LogSigmoidIsMinusSoftplusOfMinusX() =>
        CheckForward(TensorGen.SignedLogUniform(1e-10, 700), Ops.LogSigmoid, x => -ReferenceMath.Softplus(-x), 32 * U);

    // As Expm1 plus the exact product by α = 1.
    [Fact]
    public void EluMatchesDefinition() =>
        CheckForward(TensorGen.SignedLogUniform(1e-300, 700), x => Ops.Elu(x, 1.0), x => x > 0 ? x : ReferenceMath.Expm1(x), 32 * U);

    [Fact]
    public void SqrtIsCorrectlyRounded() =>
        CheckForward(TensorGen.SignedLogUniform(1e-300, 1e300).Select(Math.Abs), Ops.Sqrt, Math.Sqrt, 0);

    [Fact]
    public void ReciprocalIsCorrectlyRounded() =>
        CheckForward(TensorGen.SignedLogUniform(1e-300, 1e300), Ops.Reciprocal, x => 1 / x, 0);

    [Fact]
    public void PiecewiseOpsMatchTheirDefinitionsExactly()
    {
        var values = TensorGen.SignedLogUniform(1e-3, 1e3);
        CheckForward(values, Ops.Abs, Math.Abs, 0);
        CheckForward(values, x => Ops.LeakyRelu(x, 0.1), x => x > 0 ? x : 0.1 * x, 0);
        CheckForward(values, x => Ops.Clamp(x, -2.0, 0.5), x => Math.Clamp(x, -2.0, 0.5), 0);
    }

    // Closed-form identities for Pow (both overloads): x^2 = x·x, x^(−1) = 1/x and x^0.5 = √x, each
    // side correctly rounded up to Math.Pow's ≤ 1 ulp (2u relative), so within 4u of each other.
    [Fact]
    public void PowMatchesClosedFormIdentities()
    {
        var values = TensorGen.SignedLogUniform(1e-3, 1e3).Select(Math.Abs);
        foreach (var (p, identity) in new (double, Func<double, double>)[] { (2, x => x * x), (-1, x => 1 / x), (0.5, Math.Sqrt) })
        {
            CheckForward(values, x => Ops.Pow(x, p), identity, 4 * U);
            CheckForward(values, x => Ops.Pow(x, x.Tape.Constant(Tensor<double>.Scalar(p))), identity, 4 * U);
        }
    }

    [Fact]
    public void SubgradientsAtKinksAreTheDocumentedOnes()
    {
        // x = [−1, 0, 2]; Clamp(−1, 2) puts every element on a bound or at the kink 0 of the others.
        var x = Tensor<double>.FromArray([-1, 0, 2], 3);
        Assert.Equal([-1.0, 0, 1], Grad.ValueAndGrad([x], p => Ops.Sum(Ops.Abs(p[0]))).Gradients[0].ToArray());
        Assert.Equal([0.1, 0.1, 1], Grad.ValueAndGrad([x], p => Ops.Sum(Ops.LeakyRelu(p[0], 0.1))).Gradients[0].ToArray());
        // Elu: α e^x on x ≤ 0: 2e^(−1), 2e⁰ = 2; 1 on x > 0.
        var elu = Grad.ValueAndGrad([x], p => Ops.Sum(Ops.Elu(p[0], 2.0))).Gradients[0];
        Assert.Equal(2 * Math.Exp(-1), elu[0], 15);
        Assert.Equal([2.0, 1], elu.ToArray()[1..]);
        Assert.Equal([0.0, 1, 0], Grad.ValueAndGrad([x], p => Ops.Sum(Ops.Clamp(p[0], -1.0, 2.0))).Gradients[0].ToArray());
    }

    [Fact]
    public void PowScalarGradientAtZeroBase()
    {
        // d/dx x^p at 0: 0 for p = 2, 1 for p = 1, and 0 for p = 0 (no 0 · ∞ = NaN).
        var x = Tensor<double>.FromArray([0.0], 1);
        Assert.Equal(0.0, Grad.ValueAndGrad([x], p => Ops.Sum(Ops.Pow(p[0], 2.0))).Gradients[0][0]);
        Assert.Equal(1.0, Grad.ValueAndGrad([x], p => Ops.Sum(Ops.Pow(p[0], 1.0))).Gradients[0][0]);
        Assert.Equal(0.0, Grad.ValueAndGrad([x], p => Ops.Sum(Ops.Pow(p[0], 0.0))).Gradients[0][0]);
    }

    [Fact]
    public void ClampRejectsInvertedOrNaNBounds()
    {
        var x = new Tape<double>().Constant(Tensor<double>.Zeros(2));
        Assert.Throws<ArgumentException>(() => Ops.Clamp(x, 1.0, -1.0));
        Assert.Throws<ArgumentException>(() => Ops.Clamp(x, double.NaN, 1.0));
    }

    [Fact]
    public void PowBroadcastShapeMismatchNamesTheOp()
    {
        var tape = new Tape<double>();
        var e = Assert.Throws<ShapeMismatchException>(() => Ops.Pow(tape.Constant(Tensor<double>.Zeros(2, 3)), tape.Constant(Tensor<double>.Zeros(4))));
        Assert.Contains("Pow", e.Message);
    }
}
