using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>LogSumExp and LogMeanExp at the extremes: huge magnitudes, infinities, NaN and empty axes.</summary>
public class LogSumExpTests
{
    private static Tensor<T> Rows<T>(double[,] rows) where T : unmanaged, IFloatingPointIeee754<T> =>
        Tensor<double>.FromRows(rows).Cast<T>();

    private static Tensor<double> Transposed(double[,] rows)
    {
        var t = Tensor<double>.Zeros(rows.GetLength(1), rows.GetLength(0));
        for (int i = 0; i < rows.GetLength(0); i++)
            for (int j = 0; j < rows.GetLength(1); j++)
                t[j, i] = rows[i, j];
        return t;
    }

    /// <summary>
    /// Large-magnitude lines with closed forms. LSE([a, b]) = max + ln(1 + e^−|a−b|):
    /// [1e4, 0] → 1e4 + ln(1 + e^−10000) = 1e4 (the correction underflows), softmax [1, 0];
    /// [−1e4, −9999] → −9999 + ln(1 + e^−1), softmax [1/(1+e), e/(1+e)];
    /// [±1e4, ±1e4] → ±1e4 + ln 2, softmax [½, ½].
    /// </summary>
    private static readonly double[,] Extreme = { { 1e4, 0 }, { -1e4, -1e4 + 1 }, { 1e4, 1e4 }, { -1e4, -1e4 } };
    private static readonly double[] ExtremeLogSumExp = [1e4, -9999 + Math.Log(1 + Math.Exp(-1)), 1e4 + Math.Log(2), -1e4 + Math.Log(2)];
    private static readonly double[,] ExtremeSoftmax =
        { { 1, 0 }, { 1 / (1 + Math.E), Math.E / (1 + Math.E) }, { 0.5, 0.5 }, { 0.5, 0.5 } };

    [Fact]
    public void HugeMagnitudesAreExactToTheLastUlpInDouble() => AssertExtremes<double>();

    [Fact]
    public void HugeMagnitudesAreExactToTheLastUlpInFloat() => AssertExtremes<float>();

    private static void AssertExtremes<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Along the last axis (contiguous rows) and along axis 0 of the transpose (whole-row kernels).
        foreach (var (x, axis) in new[] { (Rows<T>(Extreme), -1), (Transposed(Extreme).Cast<T>(), 0) })
            foreach (bool mean in new[] { false, true })
            {
                var tape = new Tape<T>();
                var y = mean ? Ops.LogMeanExp(tape.Constant(x), axis) : Ops.LogSumExp(tape.Constant(x), axis);
                for (int i = 0; i < ExtremeLogSumExp.Length; i++)
                {
                    double exact = ExtremeLogSumExp[i] - (mean ? Math.Log(2) : 0);
                    // m is exact and log s ∈ [0, ln 2] is good to a few ulps of 1, so the only visible
                    // error is the final rounding to T: within one ulp of T at |y| ≈ 1e4.
                    T e = T.CreateChecked(Math.Abs(exact));
                    double ulp = double.CreateChecked(T.BitIncrement(e) - e);
                    double actual = double.CreateChecked(y.Value[i]);
                    Assert.True(Math.Abs(actual - exact) <= ulp, $"{typeof(T).Name} line {i} (axis {axis}, mean {mean}): {actual:R} vs {exact:R}");
                }

                var gradient = Grad.ValueAndGrad([x], p => Ops.Sum(mean ? Ops.LogMeanExp(p[0], axis) : Ops.LogSumExp(p[0], axis))).Gradients[0];
                double epsilon = double.CreateChecked(T.BitIncrement(T.One) - T.One); // machine epsilon of T
                for (int i = 0; i < 4; i++)
                    for (int k = 0; k < 2; k++)
                    {
                        double g = double.CreateChecked(axis == -1 ? gradient[i * 2 + k] : gradient[k * 4 + i]);
                        // exp(xₖ − m)/s with xₖ − m exact ({0, −1, −1e4}): a few roundings of numbers <= 1.
                        Assert.True(Math.Abs(g - ExtremeSoftmax[i, k]) <= 4 * epsilon,
                            $"{typeof(T).Name} gradient [{i}, {k}] (axis {axis}, mean {mean}): {g:R} vs {ExtremeSoftmax[i, k]:R}");
                    }
            }
    }

    /// <summary>
    /// A line of −∞ is log 0 = −∞ with zero gradient; −∞ entries beside finite ones weigh nothing:
    /// [0, 1, 2] → ln(1 + e + e²), softmax (1, e, e²)/(1 + e + e²); [−∞, 0, −∞] → 0, softmax (0, 1, 0).
    /// A +∞ entry makes the result +∞ and takes the whole gradient, shared between +∞ entries.
    /// </summary>
    private static readonly double[,] Infinite =
    {
        { double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity },
        { 0, 1, 2 },
        { double.NegativeInfinity, 0, double.NegativeInfinity },
        { double.PositiveInfinity, 1, double.PositiveInfinity },
        { double.PositiveInfinity, double.NegativeInfinity, 0 },
    };

    private static readonly double Z = 1 + Math.E + Math.E * Math.E;
    private static readonly double[] InfiniteLogSumExp = [double.NegativeInfinity, Math.Log(Z), 0, double.PositiveInfinity, double.PositiveInfinity];
    private static readonly double[,] InfiniteSoftmax =
    {
        { 0, 0, 0 }, { 1 / Z, Math.E / Z, Math.E * Math.E / Z }, { 0, 1, 0 }, { 0.5, 0, 0.5 }, { 1, 0, 0 },
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InfinitiesGiveTheLimitAndNoNaNGradient(bool mean)
    {
        foreach (var (x, axis) in new[] { (Rows<double>(Infinite), -1), (Transposed(Infinite), 0) })
        {
            var y = mean ? Ops.LogMeanExp(new Tape<double>().Constant(x), axis) : Ops.LogSumExp(new Tape<double>().Constant(x), axis);
            // Finite values and gradients here are below 8 and take a handful of roundings on each side,
            // so they agree within a few ulps of 8 (1.8e-15 each); 2e-14 is far below any real error.
            const double tolerance = 2e-14;
            for (int i = 0; i < InfiniteLogSumExp.Length; i++)
                Assert.Equal(InfiniteLogSumExp[i] - (mean ? Math.Log(3) : 0), y.Value[i], tolerance);
            // Weighted by w = (1, 2, …) so each line's gradient is told apart; the loss is infinite, the gradient is not.
            var w = Tensor<double>.FromArray([1, 2, 3, 4, 5], 5);
            var gradient = Grad.ValueAndGrad([x], p => Ops.Sum((mean ? Ops.LogMeanExp(p[0], axis) : Ops.LogSumExp(p[0], axis)) * w)).Gradients[0];
            for (int i = 0; i < 5; i++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(w[i] * InfiniteSoftmax[i, k], axis == -1 ? gradient[i * 3 + k] : gradient[k * 5 + i], tolerance);
        }
    }

    [Fact]
    public void NaNPropagatesToValueAndGradient()
    {
        var x = Tensor<double>.FromArray([double.NaN, 1, 0, 1], 2, 2);
        var r = Grad.ValueAndGrad([x], p => Ops.Sum(Ops.LogSumExp(p[0], -1)));
        Assert.True(double.IsNaN(r.Value));
        Assert.True(double.IsNaN(r.Gradients[0][0]) && double.IsNaN(r.Gradients[0][1]));
        // The other line is unaffected: softmax([0, 1]) = (1, e)/(1 + e), to a few ulps of 0.27.
        Assert.Equal(1 / (1 + Math.E), r.Gradients[0][2], 1e-15);
    }

    [Fact]
    public void EmptyAxisIsLogOfZeroForTheSumAndAnErrorForTheMean()
    {
        var tape = new Tape<double>();
        Assert.Equal([double.NegativeInfinity, double.NegativeInfinity], Ops.LogSumExp(tape.Constant(Tensor<double>.Zeros(2, 0)), -1).Value.ToArray());
        Assert.Equal([double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity], Ops.LogSumExp(tape.Constant(Tensor<double>.Zeros(0, 3)), 0).Value.ToArray());
        Assert.Equal([0.0, 0.0, 0.0], Ops.Sum(tape.Constant(Tensor<double>.Zeros(0, 3)), 0).Value.ToArray());
        var e = Assert.Throws<ArgumentException>(() => Ops.LogMeanExp(tape.Constant(Tensor<double>.Zeros(2, 0)), -1));
        Assert.Contains("LogMeanExp", e.Message);
        Assert.Contains("[2, 0]", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.Mean(tape.Constant(Tensor<double>.Zeros(2, 0)), 1));
        Assert.Throws<ArgumentException>(() => Ops.Mean(tape.Constant(Tensor<double>.Zeros(0))));
    }

    [Theory]
    [InlineData("Sum", 2)]
    [InlineData("Mean", -3)]
    [InlineData("LogSumExp", 5)]
    [InlineData("LogMeanExp", -7)]
    public void BadAxisNamesTheOpTheArgumentAndTheShape(string op, int axis)
    {
        var x = new Tape<double>().Constant(Tensor<double>.Zeros(2, 3));
        Func<Var<double>> call = op switch
        {
            "Sum" => () => Ops.Sum(x, axis),
            "Mean" => () => Ops.Mean(x, axis),
            "LogSumExp" => () => Ops.LogSumExp(x, axis),
            _ => () => Ops.LogMeanExp(x, axis),
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => call());
        Assert.Equal("axis", e.ParamName);
        Assert.Contains(op + ":", e.Message);
        Assert.Contains($"axis {axis}", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void LogMeanExpOfTwoKnownTermsIsLogTwo()
    {
        // log((e⁰ + e^{ln 3}) / 2) = log((1 + 3) / 2) = ln 2, to a few ulps of 0.69 (1.1e-16 each).
        var x = Tensor<double>.FromArray([0, Math.Log(3)], 2);
        Assert.Equal(Math.Log(2), Ops.LogMeanExp(new Tape<double>().Constant(x), 0).Value.ToScalar(), 1e-15);
    }
}
