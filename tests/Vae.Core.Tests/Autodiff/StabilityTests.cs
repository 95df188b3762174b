using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>
/// The stable ops at extreme arguments in float and double, and float results against the same op in
/// double.
/// </summary>
/// <remarks>
/// Tolerances are relative, in units of the type's half-ulp ε (2⁻²⁴ for float, 2⁻⁵³ for double). The
/// vectorised exp and log of TensorPrimitives are taken to be within 2 ulp = 4ε and its sigmoid within
/// 4 ulp = 8ε (measured worst over 2²⁰ float arguments against double: exp 1.8, log 1.9, sigmoid
/// 3.5 ulp; double against System.Math: 2, 2 and 4 ulp), each other operation within ε. Softplus and
/// log-sigmoid then stay within 4ε (exp) + 8ε (log1p: log 4ε, two roundings, Goldberg's formula 2ε)
/// + ε (the final addition) = 13ε, expm1 within 4ε + 4ε + 3ε = 11ε, and σ within 8ε; all are checked
/// against 16ε, the next power of two.
/// </remarks>
public class StabilityTests
{
    private static double Epsilon<T>() => typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);

    private const double Budget = 16;

    /// <summary>The values and gradient of Σ op(x) at each of <paramref name="points"/>, in <typeparamref name="T"/>.</summary>
    private static (double[] Value, double[] Gradient) Evaluate<T>(Func<Var<T>, Var<T>> op, double[] points)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Tensor<T>.FromArray(points.Select(T.CreateChecked).ToArray(), points.Length);
        var tape = new Tape<T>();
        var y = op(tape.Param(x));
        tape.Backward(Ops.Sum(y));
        return (y.Value.ToArray().Select(double.CreateChecked).ToArray(), tape.Param(x).Grad!.ToArray().Select(double.CreateChecked).ToArray());
    }

    /// <summary>
    /// Asserts <paramref name="actual"/> is within <see cref="Budget"/> ε of <paramref name="expected"/>
    /// relative; an expected 0 or ±∞ must be met exactly.
    /// </summary>
    private static void Close<T>(double expected, double actual, string what)
    {
        bool ok = expected == 0 || double.IsInfinity(expected)
            ? actual == expected
            : Math.Abs(actual - expected) <= Budget * Epsilon<T>() * Math.Abs(expected);
        if (!ok) throw new Xunit.Sdk.XunitException($"{typeof(T).Name} {what}: expected {expected:R}, got {actual:R}.");
    }

    // ±1e4 and ±1e-8 as each type stores them (the Taylor references below use the stored value).
    private static readonly double[] Extremes = [1e4, -1e4, 1e-8, -1e-8];

    private static double Stored<T>(double x) where T : unmanaged, IFloatingPointIeee754<T> => double.CreateChecked(T.CreateChecked(x));

    // Closed forms. softplus(1e4) = 1e4 + e^(−1e4) rounds to 1e4 and softplus(−1e4) = e^(−1e4)
    // underflows to 0 in both types; near 0, softplus(x) = ln 2 + x/2 + x²/8 + O(x⁴) and
    // σ(x) = ½ + x/4 + O(x³), whose omitted terms are below 1e-33.
    private static double SoftplusClosedForm(double x) => x switch
    {
        > 1 => x,
        < -1 => 0,
        _ => Math.Log(2) + x / 2 + x * x / 8,
    };

    private static double SigmoidClosedForm(double x) => x switch
    {
        > 1 => 1,
        < -1 => 0,
        _ => 0.5 + x / 4,
    };

    private static void SoftplusAndLogSigmoidAtExtremes<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var points = Extremes.Select(Stored<T>).ToArray();
        var softplus = Evaluate<T>(Ops.Softplus, points);
        var logSigmoid = Evaluate<T>(Ops.LogSigmoid, points);
        for (int i = 0; i < points.Length; i++)
        {
            double x = points[i];
            Assert.True(double.IsFinite(softplus.Value[i]) && double.IsFinite(softplus.Gradient[i]), $"softplus({x}) not finite");
            Assert.True(double.IsFinite(logSigmoid.Value[i]) && double.IsFinite(logSigmoid.Gradient[i]), $"logsigmoid({x}) not finite");
            Close<T>(SoftplusClosedForm(x), softplus.Value[i], $"softplus({x:R})");
            Close<T>(SigmoidClosedForm(x), softplus.Gradient[i], $"softplus'({x:R})");
            // ln σ(x) = −softplus(−x), d/dx = σ(−x).
            Close<T>(-SoftplusClosedForm(-x), logSigmoid.Value[i], $"logsigmoid({x:R})");
            Close<T>(SigmoidClosedForm(-x), logSigmoid.Gradient[i], $"logsigmoid'({x:R})");
        }
    }

    [Fact]
    public void SoftplusAndLogSigmoidAtExtremesDouble() => SoftplusAndLogSigmoidAtExtremes<double>();

    [Fact]
    public void SoftplusAndLogSigmoidAtExtremesFloat() => SoftplusAndLogSigmoidAtExtremes<float>();

    // softplus(−50) = e^(−50) − e^(−100)/2 + … ≈ 1.9e-22 and ln σ(50) is its negative: a naive
    // ln(1 + e^(−50)) rounds 1 + 1.9e-22 to 1 and returns 0 in both types.
    private static void DeepTailsKeepRelativeAccuracy<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        double tail = Math.Exp(-50) - Math.Exp(-100) / 2;
        Close<T>(tail, Evaluate<T>(Ops.Softplus, [-50]).Value[0], "softplus(-50)");
        Close<T>(-tail, Evaluate<T>(Ops.LogSigmoid, [50]).Value[0], "logsigmoid(50)");
    }

    [Fact]
    public void DeepTailsKeepRelativeAccuracyDouble() => DeepTailsKeepRelativeAccuracy<double>();

    [Fact]
    public void DeepTailsKeepRelativeAccuracyFloat() => DeepTailsKeepRelativeAccuracy<float>();

    // log1p(x) = x − x²/2 + x³/3 and eˣ − 1 = x + x²/2 + x³/6 up to O(x⁴) < 1e-32 relative for
    // |x| ≤ 1e-8; at 1e-20 both equal x to working precision. Beyond the tiny arguments: Expm1
    // saturates at −1 and overflows to +∞ like eˣ, Log1p is −∞ at −1 and +∞ at +∞; gradients
    // 1/(1+x) and eˣ stay finite where the values are.
    private static void Log1pAndExpm1AtExtremes<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] tiny = [1e-20, -1e-20, 1e-8, -1e-8];
        var points = tiny.Select(Stored<T>).ToArray();
        var log1p = Evaluate<T>(Ops.Log1p, points);
        var expm1 = Evaluate<T>(Ops.Expm1, points);
        for (int i = 0; i < points.Length; i++)
        {
            double x = points[i];
            Close<T>(x - x * x / 2 + x * x * x / 3, log1p.Value[i], $"log1p({x:R})");
            Close<T>(x + x * x / 2 + x * x * x / 6, expm1.Value[i], $"expm1({x:R})");
            Close<T>(1 / (1 + x), log1p.Gradient[i], $"log1p'({x:R})");
            Close<T>(1 + x + x * x / 2, expm1.Gradient[i], $"expm1'({x:R})");
        }
        var big = Evaluate<T>(Ops.Expm1, [-1e4, 1e4]);
        Assert.Equal([-1.0, double.PositiveInfinity], big.Value);
        Assert.Equal(0.0, big.Gradient[0]);
        Assert.Equal([double.NegativeInfinity, double.PositiveInfinity], Evaluate<T>(Ops.Log1p, [-1, double.PositiveInfinity]).Value);
    }

    [Fact]
    public void Log1pAndExpm1AtExtremesDouble() => Log1pAndExpm1AtExtremes<double>();

    [Fact]
    public void Log1pAndExpm1AtExtremesFloat() => Log1pAndExpm1AtExtremes<float>();

    // Float against double on the same (float-representable) inputs: the double result is accurate to
    // ~1e-15, so the difference is the float op's own error. Budgets (units ε = 2⁻²⁴): see the class
    // remarks; Elu adds an exact product by α = 1. √, 1/x, |x|, a product of two floats, min/max and a
    // selection are correctly rounded in float, and a double result rounded once more to float gives
    // the same value (double rounding is innocuous for +, −, ×, ÷, √ when 53 ≥ 2·24 + 2), so for those
    // the float result must equal the double result rounded to float. powf and pow are within an ulp
    // (≤ 2ε relative).
    public static TheoryData<string> FloatOps =>
        ["Log1p", "Expm1", "Softplus", "LogSigmoid", "Elu", "Sqrt", "Reciprocal", "Abs", "LeakyRelu", "Clamp", "Pow", "PowBroadcast", "Where", "Mask"];

    private static Var<T> Apply<T>(string op, Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var half = T.CreateChecked(0.5);
        var mask = Tensor<T>.FromArray(Enumerable.Range(0, x.Value.Size).Select(i => T.CreateChecked(i % 2)).ToArray(), x.Shape.ToArray());
        return op switch
        {
            "Log1p" => Ops.Log1p(x),
            "Expm1" => Ops.Expm1(x),
            "Softplus" => Ops.Softplus(x),
            "LogSigmoid" => Ops.LogSigmoid(x),
            "Elu" => Ops.Elu(x, T.One),
            "Sqrt" => Ops.Sqrt(Ops.Abs(x)),
            "Reciprocal" => Ops.Reciprocal(x),
            "Abs" => Ops.Abs(x),
            "LeakyRelu" => Ops.LeakyRelu(x, T.CreateChecked(0.1f)),
            "Clamp" => Ops.Clamp(x, -half, half),
            "Pow" => Ops.Pow(Ops.Abs(x), T.CreateChecked(1.7f)),
            "PowBroadcast" => Ops.Pow(Ops.Abs(x), x.Tape.Constant(Tensor<T>.Scalar(T.CreateChecked(-0.3f)))),
            "Where" => Ops.Where(mask, x, Ops.Neg(x)),
            _ => Ops.Mask(x, mask),
        };
    }

    private static (Gen<double> Values, double Units) FloatCase(string op) => op switch
    {
        // Results stay normal floats: |x| ≤ 80 keeps e^(±x) and softplus(−80) ≈ 1.8e-35 above 1.2e-38.
        "Log1p" => (Gen.OneOf(TensorGen.SignedLogUniform(1e-30, 0.99), TensorGen.SignedLogUniform(1, 1e30).Select(Math.Abs)), Budget),
        "Expm1" or "Softplus" or "LogSigmoid" or "Elu" => (TensorGen.SignedLogUniform(1e-30, 80), Budget),
        "Pow" or "PowBroadcast" => (TensorGen.SignedLogUniform(1e-3, 1e3), 2),
        _ => (TensorGen.SignedLogUniform(1e-30, 1e30), 0),
    };

    [Theory]
    [MemberData(nameof(FloatOps))]
    public void FloatForwardMatchesDouble(string op)
    {
        var (values, units) = FloatCase(op);
        PropertyRunner.Check(Prop.ForAll(TensorGen.Tensor(values).ToArbitrary(), x =>
        {
            var xf = x.Cast<float>();
            var yf = Apply(op, new Tape<float>().Constant(xf)).Value;
            var yd = Apply(op, new Tape<double>().Constant(xf.Cast<double>())).Value;
            for (int i = 0; i < yd.Size; i++)
                if (units == 0 ? yf[i] != (float)yd[i] : !(Math.Abs(yf[i] - yd[i]) <= units * Math.Pow(2, -24) * Math.Abs(yd[i])))
                    throw new Xunit.Sdk.XunitException($"{op} at x = {xf[i]:R}: float {yf[i]:R}, double {yd[i]:R}.");
        }), cases: 100);
    }
}
