using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using static Vae.Core.Tests.Autodiff.TensorCases;

namespace Vae.Core.Tests.Autodiff;

/// <summary>Transpose, Reshape and BroadcastTo: values against index arithmetic, gradients against finite differences.</summary>
public class ShapeOpsTests
{
    [Fact]
    public void TransposeSwapsIndicesAndItsGradientMatchesFiniteDifferences()
    {
        var cases = Gen.Choose(1, 6).Zip(Gen.Choose(1, 6)).Zip(Gen.Choose(0, int.MaxValue));
        PropertyRunner.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var ((rows, cols), seed) = c;
            var x = Random([rows, cols], seed);
            var y = Ops.Transpose(new Tape<double>().Constant(x));
            Assert.Equal([cols, rows], y.Shape.ToArray());
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    Assert.Equal(x[i, j], y.Value[j, i]);
            GradientCheck.Assert(p => Ops.Transpose(p[0]), [x], seed);
        }), cases: 30);
    }

    [Theory]
    [InlineData(70, 45)]
    [InlineData(32, 64)]
    [InlineData(1, 9)]
    [InlineData(9, 1)]
    public void TransposeOfLargeMatricesIsExactBothWays(int rows, int cols)
    {
        // Sizes that are, and are not, multiples of the 16×16 tile; and the vectors copied straight.
        var x = Random([rows, cols], 3);
        var w = Random([cols, rows], 4);
        foreach (var value in new[] { Ops.Transpose(new Tape<double>().Constant(x)).Value.Cast<float>(), Ops.Transpose(new Tape<float>().Constant(x.Cast<float>())).Value })
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                    Assert.Equal((float)x[i, j], value[j, i]);
        // ∂/∂X Σ w ⊙ Xᵀ = wᵀ, exactly (one addition to zero per element).
        var g = Grad.ValueAndGrad([x], p => Ops.Sum(Ops.Transpose(p[0]) * p[0].Tape.Constant(w))).Gradients[0];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Assert.Equal(w[j, i], g[i, j]);
    }

    [Fact]
    public void TransposeRejectsOtherRanks()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Transpose(new Tape<double>().Constant(Tensor<double>.Zeros(2, 3, 4))));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("Transpose", e.Message);
        Assert.Contains("[2, 3, 4]", e.Message);
    }

    /// <summary>Targets of the same size: reversed, flattened, a leading 1, and an inferred −1 last axis.</summary>
    private static int[] Target(int[] dims, int kind) => kind switch
    {
        0 => dims.Reverse().ToArray(),
        1 => [dims.Aggregate(1, (a, b) => a * b)],
        2 => [1, .. dims.Take(3)],
        _ => [dims[0], -1],
    };

    [Fact]
    public void ReshapeKeepsRowMajorOrderAndItsGradientMatchesFiniteDifferences()
    {
        var cases = Dims.Zip(Gen.Choose(0, 3)).Zip(Gen.Choose(0, int.MaxValue));
        PropertyRunner.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var ((dims, kind), seed) = c;
            if (kind == 2 && dims.Length == 4) kind = 0;
            var target = Target(dims, kind);
            var x = Random(dims, seed);
            var y = Ops.Reshape(new Tape<double>().Constant(x), target);
            Assert.Equal(x.Size, y.Value.Size);
            if (kind == 3) Assert.Equal([dims[0], x.Size / dims[0]], y.Shape.ToArray());
            else Assert.Equal(target, y.Shape.ToArray());
            Assert.Equal(x.ToArray(), y.Value.ToArray());
            GradientCheck.Assert(p => Ops.Reshape(p[0], target), [x], seed);
        }), cases: 30);
    }

    [Fact]
    public void ReshapeCopiesRatherThanAliasing()
    {
        var x = Tensor<double>.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var y = Ops.Reshape(new Tape<double>().Constant(x), new Shape(3, 2));
        y.Value[0] = 100;
        Assert.Equal(1, x[0]);
    }

    [Fact]
    public void ReshapeErrorsNameTheOpAndTheShapes()
    {
        var x = new Tape<double>().Constant(Tensor<double>.Zeros(2, 3));
        var mismatch = Assert.Throws<ShapeMismatchException>(() => Ops.Reshape(x, 4, 2));
        Assert.Contains("Reshape", mismatch.Message);
        Assert.Contains("[2, 3]", mismatch.Message);
        Assert.Contains("[4, 2]", mismatch.Message);
        var twoInferred = Assert.Throws<ArgumentException>(() => Ops.Reshape(x, -1, -1));
        Assert.Equal("dims", twoInferred.ParamName);
        Assert.Contains("Reshape", twoInferred.Message);
        var notDivisible = Assert.Throws<ArgumentException>(() => Ops.Reshape(x, 4, -1));
        Assert.Contains("[2, 3]", notDivisible.Message);
    }

    /// <summary>Operand and target shapes that broadcast: a row over a batch, a scalar, a column, new leading axes.</summary>
    private static readonly (int[] From, int[] To)[] BroadcastCases =
    [
        ([4], [3, 4]), ([], [2, 3]), ([3, 1], [3, 4]), ([1, 4], [2, 3, 4]), ([2, 1, 4], [2, 3, 4]), ([1], [2, 1, 3, 2]), ([2, 3], [2, 3]),
    ];

    [Fact]
    public void BroadcastToRepeatsAlongGrownAxesAndItsGradientSumsThemBack()
    {
        var cases = Gen.Elements(BroadcastCases).Zip(Gen.Choose(0, int.MaxValue));
        PropertyRunner.Check(Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var ((from, to), seed) = c;
            var x = Random(from, seed);
            var y = Ops.BroadcastTo(new Tape<double>().Constant(x), new Shape(to));
            Assert.Equal(to, y.Shape.ToArray());
            foreach (var index in Indices(to))
            {
                // Align at the last axis; an axis of extent 1 in the operand is read at 0.
                var source = from.Select((d, i) => d == 1 ? 0 : index[i + to.Length - from.Length]).ToArray();
                Assert.Equal(x[Flat(from, source)], y.Value[Flat(to, index)]);
            }
            GradientCheck.Assert(p => Ops.BroadcastTo(p[0], new Shape(to)), [x], seed);
        }), cases: 20);
    }

    [Theory]
    [InlineData(new[] { 3 }, new[] { 4 })]
    [InlineData(new[] { 2, 3 }, new[] { 3 })]
    [InlineData(new[] { 2, 3 }, new[] { 1, 3 })]
    public void BroadcastToRejectsShapesItCannotReach(int[] from, int[] to)
    {
        var x = new Tape<double>().Constant(Tensor<double>.Zeros(from));
        var e = Assert.Throws<ShapeMismatchException>(() => Ops.BroadcastTo(x, new Shape(to)));
        Assert.Contains("BroadcastTo", e.Message);
        Assert.Contains(AxisCase.Format(from), e.Message);
        Assert.Contains(AxisCase.Format(to), e.Message);
    }
}
