using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using static Vae.Core.Tests.Autodiff.TensorCases;

namespace Vae.Core.Tests.Autodiff;

/// <summary>Slice, Split and Concat: values against index arithmetic, gradients against finite differences.</summary>
public class SliceConcatTests
{
    /// <summary>A slice [start, start + length) of an axis of a random shape.</summary>
    private static Gen<(AxisCase Case, int Start, int Length)> SliceCases { get; } =
        from c in AxisCases
        from start in Gen.Choose(0, c.Dims[c.NormalizedAxis])
        from length in Gen.Choose(0, c.Dims[c.NormalizedAxis] - start)
        select (c, start, length);

    [Fact]
    public void SliceSelectsTheRangeAndItsGradientMatchesFiniteDifferences()
    {
        PropertyRunner.Check(Prop.ForAll(SliceCases.ToArbitrary(), s =>
        {
            var (c, start, length) = s;
            int axis = c.NormalizedAxis;
            var x = Random(c.Dims, c.Seed);
            var y = Ops.Slice(new Tape<double>().Constant(x), start, length, c.Axis);
            var dims = c.Dims.Select((d, i) => i == axis ? length : d).ToArray();
            Assert.Equal(dims, y.Shape.ToArray());
            foreach (var index in Indices(dims))
            {
                var source = (int[])index.Clone();
                source[axis] += start;
                Assert.Equal(x[Flat(c.Dims, source)], y.Value[Flat(dims, index)]);
            }
            GradientCheck.Assert(p => Ops.Slice(p[0], start, length, c.Axis), [x], c.Seed);
        }), cases: 40);
    }

    [Theory]
    [InlineData(-1, 3, 1, "start")]
    [InlineData(5, 0, 1, "start")]
    [InlineData(2, 3, 1, "length")]
    [InlineData(0, -1, 1, "length")]
    [InlineData(0, 1, 2, "axis")]
    public void SliceOutOfRangeNamesTheOpTheArgumentAndTheShape(int start, int length, int axis, string argument)
    {
        var x = new Tape<double>().Constant(Tensor<double>.Zeros(2, 4));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Slice(x, start, length, axis));
        Assert.Equal(argument, e.ParamName);
        Assert.Contains("Slice", e.Message);
        Assert.Contains("[2, 4]", e.Message);
    }

    /// <summary>A random shape, an axis, and a partition of that axis into 1 to 5 parts (empty parts allowed).</summary>
    private static Gen<(AxisCase Case, int[] Sizes)> SplitCases { get; } =
        from c in AxisCases
        from parts in Gen.Choose(1, 5)
        from cuts in Gen.ArrayOf(Gen.Choose(0, c.Dims[c.NormalizedAxis]), parts - 1)
        select (c, Sizes(cuts, c.Dims[c.NormalizedAxis]));

    /// <summary>The gaps between sorted cut points in 0..extent.</summary>
    private static int[] Sizes(int[] cuts, int extent)
    {
        var points = cuts.Order().Append(extent).ToArray();
        return points.Select((p, i) => p - (i == 0 ? 0 : points[i - 1])).ToArray();
    }

    [Fact]
    public void SplitThenConcatIsTheIdentityAndEachPartIsTheMatchingSlice()
    {
        PropertyRunner.Check(Prop.ForAll(SplitCases.ToArbitrary(), s =>
        {
            var (c, sizes) = s;
            var x = Random(c.Dims, c.Seed);
            var tape = new Tape<double>();
            var parts = Ops.Split(tape.Constant(x), sizes, c.Axis);
            Assert.Equal(sizes.Length, parts.Count);
            for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++)
                Assert.Equal(Ops.Slice(tape.Constant(x), start, sizes[i], c.Axis).Value.ToArray(), parts[i].Value.ToArray());
            var joined = Ops.Concat(parts, c.Axis);
            Assert.Equal(c.Dims, joined.Shape.ToArray());
            Assert.Equal(x.ToArray(), joined.Value.ToArray());
        }), cases: 40);
    }

    [Fact]
    public void ConcatPlacesEachPartAtItsOffsetAndItsGradientMatchesFiniteDifferences()
    {
        PropertyRunner.Check(Prop.ForAll(SplitCases.ToArbitrary(), s =>
        {
            var (c, sizes) = s;
            int axis = c.NormalizedAxis;
            var inputs = sizes.Select((size, i) => Random(c.Dims.Select((d, j) => j == axis ? size : d).ToArray(), c.Seed + i)).ToArray();
            var y = Ops.Concat(inputs.Select(new Tape<double>().Constant).ToArray(), c.Axis);
            foreach (var index in Indices(c.Dims))
            {
                // Find the part holding this index along the axis by walking the sizes.
                int part = 0, k = index[axis];
                while (k >= sizes[part]) k -= sizes[part++];
                var source = (int[])index.Clone();
                source[axis] = k;
                Assert.Equal(inputs[part][Flat(inputs[part].Shape.ToArray(), source)], y.Value[Flat(c.Dims, index)]);
            }
            GradientCheck.Assert(p => Ops.Concat(p, c.Axis), inputs, c.Seed);
        }), cases: 40);
    }

    [Fact]
    public void SplitGradientRoutesEachPartBackToItsBlock()
    {
        PropertyRunner.Check(Prop.ForAll(SplitCases.ToArbitrary(), s =>
        {
            var (c, sizes) = s;
            // Reassembled in reverse order, so a part whose gradient lands in the wrong block is caught.
            GradientCheck.Assert(p => Ops.Concat(Ops.Split(p[0], sizes, c.Axis).Reverse().ToArray(), c.Axis), [Random(c.Dims, c.Seed)], c.Seed);
        }), cases: 30);
    }

    [Fact]
    public void ConcatOfConstantsAndParametersOnlyDifferentiatesTheParameters()
    {
        var a = Tensor<double>.FromArray([1, 2], 1, 2);
        var b = Tensor<double>.FromArray([3, 4, 5], 1, 3);
        var r = Grad.ValueAndGrad([a], p => Ops.Sum(Ops.Concat([p[0].Tape.Constant(b), p[0]]) * p[0].Tape.Constant(Tensor<double>.FromArray([1, 2, 3, 4, 5], 1, 5))));
        // y = [3, 4, 5, 1, 2]; Σ w ⊙ y = 3 + 8 + 15 + 4 + 10 = 40; ∂/∂a = w[3..5] = [4, 5].
        Assert.Equal(40, r.Value);
        Assert.Equal([4.0, 5], r.Gradients[0].ToArray());
    }

    [Fact]
    public void MismatchedConcatNamesTheOpAndBothShapes()
    {
        var tape = new Tape<double>();
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Ops.Concat([tape.Constant(Tensor<double>.Zeros(2, 3)), tape.Constant(Tensor<double>.Zeros(4, 3))], axis: 1));
        Assert.Contains("Concat", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 3]", e.Message);
        Assert.Throws<ShapeMismatchException>(() => Ops.Concat([tape.Constant(Tensor<double>.Zeros(2, 3)), tape.Constant(Tensor<double>.Zeros(3))]));
        var empty = Assert.Throws<ArgumentException>(() => Ops.Concat(Array.Empty<Var<double>>()));
        Assert.Contains("Concat", empty.Message);
        var otherTape = Assert.Throws<ArgumentException>(() =>
            Ops.Concat([tape.Constant(Tensor<double>.Zeros(2)), new Tape<double>().Constant(Tensor<double>.Zeros(2))]));
        Assert.Contains("tape", otherTape.Message);
    }

    [Fact]
    public void SplitSizesThatDoNotCoverTheAxisNameTheOpAndTheShape()
    {
        var x = new Tape<double>().Constant(Tensor<double>.Zeros(2, 6));
        var e = Assert.Throws<ArgumentException>(() => Ops.Split(x, [2, 3]));
        Assert.Equal("sizes", e.ParamName);
        Assert.Contains("Split", e.Message);
        Assert.Contains("[2, 6]", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.Split(x, [7, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Split(x, [1, 1], axis: 2));
    }
}
