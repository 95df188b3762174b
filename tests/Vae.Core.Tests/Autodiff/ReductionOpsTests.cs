using System.Numerics;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using static Vae.Core.Tests.Autodiff.TensorCases;

namespace Vae.Core.Tests.Autodiff;

public class ReductionOpsTests
{
    public static TheoryData<string> AxisReductions => ["Sum", "Mean", "LogSumExp", "LogMeanExp"];

    private static Var<T> Reduce<T>(string op, Var<T> x, int axis, bool keepDims) where T : unmanaged, IFloatingPointIeee754<T> => op switch
    {
        "Sum" => Ops.Sum(x, axis, keepDims),
        "Mean" => Ops.Mean(x, axis, keepDims),
        "LogSumExp" => Ops.LogSumExp(x, axis, keepDims),
        _ => Ops.LogMeanExp(x, axis, keepDims),
    };

    /// <summary>The textbook formulas, unshifted: the test values are small, so exp cannot overflow.</summary>
    private static double Naive(string op, double[] line)
    {
        double sum = 0, expSum = 0;
        foreach (double v in line)
        {
            sum += v;
            expSum += Math.Exp(v);
        }
        return op switch
        {
            "Sum" => sum,
            "Mean" => sum / line.Length,
            "LogSumExp" => Math.Log(expSum),
            _ => Math.Log(expSum / line.Length),
        };
    }

    [Theory]
    [MemberData(nameof(AxisReductions))]
    public void ForwardMatchesNaiveLoopsOverAllShapesAndAxes(string op)
    {
        PropertyRunner.Check(Prop.ForAll(AxisCases.ToArbitrary(), c =>
        {
            var x = Random(c.Dims, c.Seed);
            var y = Reduce(op, new Tape<double>().Constant(x), c.Axis, c.KeepDims);
            Assert.Equal(Reduced(c.Dims, c.NormalizedAxis, c.KeepDims), y.Shape.ToArray());
            var expected = NaiveReduce(x, c.Dims, c.NormalizedAxis, line => Naive(op, line));
            // At most 4 terms of size <= 2 (and exp of them <= e²): any summation order, and exp/log,
            // agree to a few ulps of 10, i.e. ~1e-14; 1e-13 leaves margin without hiding a wrong term.
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], y.Value[i], 1e-13);
        }), cases: 60);
    }

    [Theory]
    [MemberData(nameof(AxisReductions))]
    public void GradientsMatchFiniteDifferencesOverAllShapesAndAxes(string op)
    {
        PropertyRunner.Check(Prop.ForAll(AxisCases.ToArbitrary(), c =>
            GradientCheck.Assert(p => Reduce(op, p[0], c.Axis, c.KeepDims), [Random(c.Dims, c.Seed)], c.Seed)), cases: 40);
    }

    [Fact]
    public void MeanOfAllElementsMatchesDefinitionAndGradient()
    {
        PropertyRunner.Check(Prop.ForAll(Dims.ToArbitrary(), dims =>
        {
            var x = Random(dims, dims.Length);
            double expected = x.ToArray().Sum() / x.Size;
            // Each summation order errs by at most (n−1)·(ε/2)·Σ|x| before dividing by n, so two differ by < ε·Σ|x|.
            Assert.Equal(expected, Ops.Mean(new Tape<double>().Constant(x)).Value.ToScalar(), EpsilonDouble * x.ToArray().Sum(Math.Abs));
            GradientCheck.Assert(p => Ops.Mean(p[0]), [x]);
        }), cases: 20);
    }

    /// <summary>Shapes whose lines are longer than a SIMD vector and not a multiple of it, for every axis.</summary>
    public static TheoryData<string, int[], int> LargeCases()
    {
        var data = new TheoryData<string, int[], int>();
        foreach (string op in new[] { "Sum", "Mean", "LogSumExp", "LogMeanExp" })
            foreach (var dims in new[] { new[] { 37, 53 }, [5, 7, 33], [3, 4, 5, 19] })
                for (int axis = 0; axis < dims.Length; axis++)
                    data.Add(op, dims, axis);
        return data;
    }

    /// <summary>2⁻⁵² and 2⁻²³: twice the unit roundoff of double and float.</summary>
    private const double EpsilonDouble = 2.220446049250313e-16, EpsilonFloat = 1.1920928955078125e-7;

    /// <summary>
    /// A bound on the forward error, as a multiple of the type's epsilon ε. Summing n terms in any
    /// order errs by at most (n−1)·(ε/2)·Σ|xₖ| (Higham, Accuracy and Stability, §4.2), so n·ε·Σ|xₖ|
    /// covers Sum and Mean (whose extra rounding of 1/n is below the slack). For the log forms the
    /// shifted terms exp(xₖ − m) ≤ 1 sum to s ≥ 1 with relative error ≤ n·ε, so log s errs by ≤ n·ε
    /// absolutely, the naive reference by as much again, and the final roundings add ε·|y| each.
    /// </summary>
    private static double ForwardTolerance(string op, double[] line, double result, double epsilon) =>
        op.StartsWith("Log", StringComparison.Ordinal)
            ? (2 * line.Length + 4) * epsilon * (1 + Math.Abs(result))
            : line.Length * epsilon * line.Sum(Math.Abs);

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void FastPathsMatchNaiveLoopsInDoubleAndFloat(string op, int[] dims, int axis)
    {
        var x = Random(dims, 7);
        int n = dims[axis];
        var value = Reduce(op, new Tape<double>().Constant(x), axis, false).Value;
        var expected = NaiveReduce(x, dims, axis, line => Naive(op, line));
        var tolerance = NaiveLines(x, dims, axis).Select((line, i) => ForwardTolerance(op, line, expected[i], EpsilonDouble)).ToArray();
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(value[i] - expected[i]) <= tolerance[i], $"{op} line {i}: {value[i]:R} vs {expected[i]:R}");

        var xf = x.Cast<float>();
        var valueF = Reduce(op, new Tape<float>().Constant(xf), axis, false).Value;
        var linesF = NaiveLines(xf.Cast<double>(), dims, axis);
        for (int i = 0; i < linesF.Length; i++)
        {
            // The reference sums the same (float) inputs in double, so its own error is negligible here.
            double exact = Naive(op, linesF[i]);
            Assert.True(Math.Abs(valueF[i] - exact) <= ForwardTolerance(op, linesF[i], exact, EpsilonFloat),
                $"{op} float line {i}: {valueF[i]:R} vs {exact:R}");
        }

        // Backward against the closed forms: ∂/∂xₖ of Σ w·f is w (Sum), w/n (Mean), w·softmaxₖ (the log forms).
        var reduced = Reduced(dims, axis, false);
        var w = Random(reduced, 8);
        var gradient = Grad.ValueAndGrad([x], p => Ops.Sum(Reduce(op, p[0], axis, false) * p[0].Tape.Constant(w))).Gradients[0];
        var softmax = NaiveSoftmax(x, dims, axis);
        foreach (var index in Indices(dims))
        {
            int flat = Flat(dims, index);
            double wi = w[Flat(reduced, index.Where((_, i) => i != axis).ToArray())];
            double exact = op switch { "Sum" => wi, "Mean" => wi / n, _ => wi * softmax[flat] };
            // exp(xₖ − m)/s and exp(xₖ)/Σ exp each carry about n + 2 roundings relative to the result.
            Assert.True(Math.Abs(gradient[flat] - exact) <= (2 * n + 4) * EpsilonDouble * Math.Abs(exact),
                $"{op} gradient at {AxisCase.Format(index)}: {gradient[flat]:R} vs {exact:R}");
        }
    }

    /// <summary>The lines along <paramref name="axis"/>, in the order of the reduced result.</summary>
    private static double[][] NaiveLines(Tensor<double> x, int[] dims, int axis)
    {
        var lines = new List<double[]>();
        NaiveReduce(x, dims, axis, line =>
        {
            lines.Add(line);
            return 0;
        });
        return [.. lines];
    }

    /// <summary>softmax along <paramref name="axis"/> by its definition exp(xₖ) / Σⱼ exp(xⱼ) (small values: no overflow).</summary>
    private static double[] NaiveSoftmax(Tensor<double> x, int[] dims, int axis)
    {
        var sums = NaiveReduce(x, dims, axis, line => line.Sum(Math.Exp));
        var reduced = Reduced(dims, axis, false);
        var result = new double[x.Size];
        foreach (var index in Indices(dims))
            result[Flat(dims, index)] = Math.Exp(x[Flat(dims, index)]) / sums[Flat(reduced, index.Where((_, i) => i != axis).ToArray())];
        return result;
    }
}
