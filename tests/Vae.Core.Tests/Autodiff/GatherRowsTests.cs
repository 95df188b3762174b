using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using static Vae.Core.Tests.Autodiff.TensorCases;

namespace Vae.Core.Tests.Autodiff;

public class GatherRowsTests
{
    /// <summary>A random shape and 0 to 6 row indices into its first axis, repeats likely.</summary>
    private static Gen<(int[] Dims, int[] Rows, int Seed)> Cases { get; } =
        from dims in Dims
        from count in Gen.Choose(0, 6)
        from rows in Gen.ArrayOf(Gen.Choose(0, dims[0] - 1), count)
        from seed in Gen.Choose(0, int.MaxValue)
        select (dims, rows, seed);

    [Fact]
    public void GatherRowsCopiesTheSelectedRowsAndItsGradientMatchesFiniteDifferences()
    {
        PropertyRunner.Check(Prop.ForAll(Cases.ToArbitrary(), c =>
        {
            var x = Random(c.Dims, c.Seed);
            var y = Ops.GatherRows(new Tape<double>().Constant(x), c.Rows);
            var dims = c.Dims.Select((d, i) => i == 0 ? c.Rows.Length : d).ToArray();
            Assert.Equal(dims, y.Shape.ToArray());
            foreach (var index in Indices(dims))
            {
                var source = (int[])index.Clone();
                source[0] = c.Rows[index[0]];
                Assert.Equal(x[Flat(c.Dims, source)], y.Value[Flat(dims, index)]);
            }
            GradientCheck.Assert(p => Ops.GatherRows(p[0], c.Rows), [x], c.Seed);
        }), cases: 40);
    }

    [Fact]
    public void RepeatedRowsAccumulateTheirGradients()
    {
        var x = Tensor<double>.FromArray([1, 2, 3, 4, 5, 6], 3, 2);
        int[] rows = [2, 0, 2, 2];
        var r = Grad.ValueAndGrad([x], p => Ops.Sum(Ops.GatherRows(p[0], rows)));
        // Row 0 is selected once, row 1 never, row 2 three times: Σ = (1 + 2) + 3·(5 + 6) = 36.
        Assert.Equal(36, r.Value);
        Assert.Equal([1.0, 1, 0, 0, 3, 3], r.Gradients[0].ToArray());
    }

    [Fact]
    public void RowsCanBeAWindowOfALargerIndexBuffer()
    {
        var x = Tensor<double>.FromArray([10, 20, 30, 40], 4);
        int[] buffer = [9, 3, 1, 3, 9];
        var y = Ops.GatherRows(new Tape<double>().Constant(x), new ReadOnlyMemory<int>(buffer, 1, 3));
        Assert.Equal([40.0, 20, 40], y.Value.ToArray());
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(-1, 1)]
    [InlineData(3, 2)]
    public void AnIndexOutsideTheRowsNamesItsPositionAndValue(int bad, int position)
    {
        var x = new Tape<double>().Constant(Tensor<double>.Zeros(3, 2));
        int[] rows = [0, 0, 1];
        rows[position] = bad;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.GatherRows(x, rows));
        Assert.Equal("rows", e.ParamName);
        Assert.Contains($"GatherRows: rows[{position}] = {bad}", e.Message);
        Assert.Contains("[3, 2]", e.Message);
    }

    [Fact]
    public void AScalarHasNoRows() =>
        Assert.Throws<ArgumentException>(() => Ops.GatherRows(new Tape<double>().Constant(Tensor<double>.Scalar(1)), [0]));
}
