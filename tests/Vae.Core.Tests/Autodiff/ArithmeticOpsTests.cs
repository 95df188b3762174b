using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

public class ArithmeticOpsTests
{
    /// <summary>Operand shapes that broadcast: same shape, row vector over a batch, scalar, column.</summary>
    private static readonly (int[] A, int[] B)[] BroadcastCases =
    [
        ([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], []), ([4], [3, 4]), ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]),
    ];

    private static Tensor<double> RandomTensor(System.Random random, int[] dims, double low = -2, double high = 2)
    {
        var t = Tensor<double>.Zeros(dims);
        for (int i = 0; i < t.Size; i++) t[i] = low + (high - low) * random.NextDouble();
        return t;
    }

    public static TheoryData<string> BinaryOps => ["Add", "Sub", "Mul", "Div"];

    private static Var<double> Apply(string op, Var<double> a, Var<double> b) => op switch
    {
        "Add" => a + b,
        "Sub" => a - b,
        "Mul" => a * b,
        _ => a / b,
    };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void BinaryOpGradientsMatchFiniteDifferences(string op)
    {
        var cases = Gen.Elements(BroadcastCases).Zip(Gen.Choose(0, int.MaxValue));
        PropertyRunner.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var random = new System.Random(c.Item2);
            // Keep the divisor away from zero so the finite difference stays well conditioned.
            var a = RandomTensor(random, c.Item1.A);
            var b = op == "Div" ? RandomTensor(random, c.Item1.B, 0.5, 2) : RandomTensor(random, c.Item1.B);
            GradientCheck.Assert(p => Apply(op, p[0], p[1]), [a, b]);
        }), cases: 30);
    }

    [Fact]
    public void BroadcastAddMatchesElementwiseDefinition()
    {
        var a = Tensor<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var b = Tensor<double>.FromArray([10, 20, 30], 3);
        var tape = new Tape<double>();
        var y = tape.Constant(a) + tape.Constant(b);
        Assert.Equal([11.0, 22, 33, 14, 25, 36], y.Value.ToArray());
    }

    [Fact]
    public void ShapeMismatchNamesTheOpAndBothShapes()
    {
        var tape = new Tape<double>();
        var e = Assert.Throws<ShapeMismatchException>(() => tape.Constant(Tensor<double>.Zeros(2, 3)) * tape.Constant(Tensor<double>.Zeros(4)));
        Assert.Contains("Mul", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void ExpScaleNegAddScalarGradients()
    {
        var random = new System.Random(3);
        var x = RandomTensor(random, [3, 5]);
        GradientCheck.Assert(p => -(Ops.Exp(p[0]) * 0.5 + 2.0), [x]);
    }

    [Fact]
    public void ValueAndGradOfSumOfSquaresIsTwiceTheInput()
    {
        var w = Tensor<double>.FromArray([1.5, -2, 0.25], 3);
        var r = Grad.ValueAndGrad([w], p => Ops.Sum(p[0] * p[0]));
        Assert.Equal(1.5 * 1.5 + 4 + 0.0625, r.Value);
        Assert.Equal([3.0, -4, 0.5], r.Gradients[0].ToArray());
    }

    [Fact]
    public void ActivationGradients()
    {
        var random = new System.Random(5);
        // Relu is checked away from its kink at 0, where the finite difference is meaningless.
        var x = RandomTensor(random, [4, 6]);
        for (int i = 0; i < x.Size; i++) if (Math.Abs(x[i]) < 0.05) x[i] = 0.5;
        GradientCheck.Assert(p => Ops.Relu(p[0]) + Ops.Tanh(p[0]) + Ops.Sigmoid(p[0]) + Ops.Square(p[0]), [x]);
        var positive = RandomTensor(random, [4, 6], 0.1, 3);
        GradientCheck.Assert(p => Ops.Log(p[0]), [positive]);
    }
}
