using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>Where and Mask: exact selection with broadcasting, gradients, and NaN/∞ in the branch not taken.</summary>
public class WhereTests
{
    /// <summary>Condition, ifTrue and ifFalse shapes that broadcast together, and the result shape.</summary>
    private static readonly (int[] C, int[] A, int[] B, int[] Y)[] BroadcastCases =
    [
        ([3, 4], [3, 4], [3, 4], [3, 4]),
        ([3, 4], [3, 4], [], [3, 4]),
        ([4], [3, 4], [3, 4], [3, 4]),
        ([3, 1], [4], [3, 4], [3, 4]),
        ([2, 1, 4], [3, 1], [], [2, 3, 4]),
        ([], [2, 3], [3], [2, 3]),
    ];

    /// <summary>The flat index into an operand of <paramref name="dims"/> broadcast to <paramref name="result"/>, at result index <paramref name="flat"/>.</summary>
    private static int SourceIndex(int flat, int[] result, int[] dims)
    {
        int index = 0, stride = 1;
        for (int axis = result.Length - 1, d = dims.Length - 1; axis >= 0; axis--, d--)
        {
            int coordinate = flat % result[axis];
            flat /= result[axis];
            if (d >= 0)
            {
                if (dims[d] != 1) index += coordinate * stride;
                stride *= dims[d];
            }
        }
        return index;
    }

    /// <summary>NumPy's broadcast of two shapes that are known to broadcast.</summary>
    private static int[] BroadcastDims(int[] a, int[] b)
    {
        var dims = new int[Math.Max(a.Length, b.Length)];
        for (int i = 1; i <= dims.Length; i++)
            dims[^i] = Math.Max(i <= a.Length ? a[^i] : 1, i <= b.Length ? b[^i] : 1);
        return dims;
    }

    private static Gen<(int[] C, int[] A, int[] B, int[] Y, Tensor<double> Condition, Tensor<double> IfTrue, Tensor<double> IfFalse)> Cases =>
        from s in Gen.Elements(BroadcastCases)
        from c in TensorGen.Mask(s.C)
        from a in TensorGen.Tensor(s.A, TensorGen.Uniform(-2, 2))
        from b in TensorGen.Tensor(s.B, TensorGen.Uniform(-2, 2))
        select (s.C, s.A, s.B, s.Y, c, a, b);

    [Fact]
    public void WhereSelectsElementByElementWithBroadcasting()
    {
        PropertyRunner.Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var tape = new Tape<double>();
            var y = Ops.Where(c.Condition, tape.Constant(c.IfTrue), tape.Constant(c.IfFalse)).Value;
            Assert.Equal(new Shape(c.Y), y.Shape);
            for (int i = 0; i < y.Size; i++)
            {
                bool take = c.Condition[SourceIndex(i, c.Y, c.C)] != 0;
                Assert.Equal(take ? c.IfTrue[SourceIndex(i, c.Y, c.A)] : c.IfFalse[SourceIndex(i, c.Y, c.B)], y[i]);
            }
        }), cases: 50);
    }

    [Fact]
    public void WhereGradientsMatchFiniteDifferences()
    {
        PropertyRunner.Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            GradientCheck.Assert(p => Ops.Where(c.Condition, p[0], p[1]), [c.IfTrue, c.IfFalse]);
        }), cases: 30);
    }

    [Fact]
    public void MaskSelectsAndItsGradientMatchesFiniteDifferences()
    {
        PropertyRunner.Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            // Mask(x, m) = Where(m, x, 0) with x and m broadcast together.
            var y = Ops.Mask(new Tape<double>().Constant(c.IfTrue), c.Condition).Value;
            int[] dims = BroadcastDims(c.C, c.A);
            Assert.Equal(new Shape(dims), y.Shape);
            for (int i = 0; i < y.Size; i++)
                Assert.Equal(c.Condition[SourceIndex(i, dims, c.C)] != 0 ? c.IfTrue[SourceIndex(i, dims, c.A)] : 0.0, y[i]);
            GradientCheck.Assert(p => Ops.Mask(p[0], c.Condition), [c.IfTrue]);
        }), cases: 30);
    }

    [Fact]
    public void ConditionSelectsIfTrueWhereNonzeroIncludingNaN()
    {
        var tape = new Tape<double>();
        var condition = Tensor<double>.FromArray([double.NaN, 0.0, -0.0, 2, -1], 5);
        var y = Ops.Where(condition, tape.Constant(Tensor<double>.Full(new Shape(5), 1)), tape.Constant(Tensor<double>.Full(new Shape(5), 2)));
        Assert.Equal([1.0, 2, 2, 1, 1], y.Value.ToArray());
    }

    /// <summary>
    /// The missing-data case: the discarded branch holds NaN and ±∞. The result must be finite and the
    /// gradient of the discarded elements exactly 0; the kept elements get the weights of the sum.
    /// </summary>
    private static void NonFiniteDiscardedBranch<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T nan = T.NaN, inf = T.PositiveInfinity, one = T.One, zero = T.Zero;
        T two = one + one, three = two + one;
        var mask = Tensor<T>.FromArray([one, zero, one, zero], 4);
        var observed = Tensor<T>.FromArray([two, nan, three, -inf], 4);
        var fallback = Tensor<T>.FromArray([nan, -two, inf, three], 4);
        var weights = Tensor<T>.FromArray([one, two, three, two + two], 4);

        var r = Grad.ValueAndGrad([observed, fallback], p => Ops.Sum(Ops.Mul(Ops.Where(mask, p[0], p[1]), p[0].Tape.Constant(weights))));
        // 1·2 + 2·(−2) + 3·3 + 4·3 = 19.
        Assert.Equal(T.CreateChecked(19), r.Value);
        Assert.Equal([one, zero, three, zero], r.Gradients[0].ToArray());
        Assert.Equal([zero, two, zero, two + two], r.Gradients[1].ToArray());

        var m = Grad.ValueAndGrad([observed], p => Ops.Sum(Ops.Mul(Ops.Mask(p[0], mask), p[0].Tape.Constant(weights))));
        // 1·2 + 3·3 = 11, and the masked-out NaN and −∞ receive exactly 0.
        Assert.Equal(T.CreateChecked(11), m.Value);
        Assert.Equal([one, zero, three, zero], m.Gradients[0].ToArray());

        // The blend m·a + (1 − m)·b that Where replaces: NaN·0 = NaN poisons value and gradient alike.
        var blend = Grad.ValueAndGrad([observed, fallback], p =>
        {
            var keep = p[0].Tape.Constant(mask);
            return Ops.Sum(Ops.Add(Ops.Mul(keep, p[0]), Ops.Mul(Ops.AddScalar(Ops.Neg(keep), one), p[1])));
        });
        Assert.True(T.IsNaN(blend.Value));
    }

    [Fact]
    public void NonFiniteDiscardedBranchDouble() => NonFiniteDiscardedBranch<double>();

    [Fact]
    public void NonFiniteDiscardedBranchFloat() => NonFiniteDiscardedBranch<float>();

    [Fact]
    public void DoubleWhereGuardsAnOpUpstreamOfTheDiscardedBranch()
    {
        // ln x is kept where observed; the unobserved x are −1 and NaN, outside Log's domain. Masking
        // only the output leaves Log's VJP 0 / x = NaN at x = NaN; replacing those x by 1 before the Log
        // (the documented second Where) keeps every gradient finite: 1/x observed, exactly 0 elsewhere.
        var observed = Tensor<double>.FromArray([1, 0, 1, 0], 4);
        var x = Tensor<double>.FromArray([2, -1, 4, double.NaN], 4);
        var ones = Tensor<double>.Full(new Shape(4), 1);

        var guarded = Grad.ValueAndGrad([x], p =>
            Ops.Sum(Ops.Mask(Ops.Log(Ops.Where(observed, p[0], p[0].Tape.Constant(ones))), observed)));
        Assert.Equal(Math.Log(2) + Math.Log(4), guarded.Value, 15);
        Assert.Equal([0.5, 0, 0.25, 0], guarded.Gradients[0].ToArray());

        var unguarded = Grad.ValueAndGrad([x], p => Ops.Sum(Ops.Mask(Ops.Log(p[0]), observed)));
        Assert.True(double.IsNaN(unguarded.Gradients[0][3]));
    }

    [Fact]
    public void ShapeErrorsNameTheOpAndTheShapes()
    {
        var tape = new Tape<double>();
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Ops.Where(Tensor<double>.Zeros(2, 3), tape.Constant(Tensor<double>.Zeros(4)), tape.Constant(Tensor<double>.Zeros(2, 3))));
        Assert.Contains("Where", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4]", e.Message);
        var m = Assert.Throws<ShapeMismatchException>(() => Ops.Mask(tape.Constant(Tensor<double>.Zeros(3)), Tensor<double>.Zeros(2)));
        Assert.Contains("Mask", m.Message);
        Assert.Throws<ArgumentException>(() =>
            Ops.Where(Tensor<double>.Zeros(2), tape.Constant(Tensor<double>.Zeros(2)), new Tape<double>().Constant(Tensor<double>.Zeros(2))));
    }
}
