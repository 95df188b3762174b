using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>TileRows: the blocks are exact copies (against np.tile's definition), the VJP sums them (finite differences), bad input is refused.</summary>
public class TileRowsTests
{
    private static Gen<(Tensor<double> X, int Times)> Cases() =>
        from rows in Gen.Choose(1, 4)
        from columns in Gen.Choose(1, 5)
        from times in Gen.Choose(1, 4)
        from x in TensorGen.Tensor([rows, columns], TensorGen.Uniform(-2, 2))
        select (x, times);

    [Fact]
    public void EveryBlockIsACopyOfX() =>
        PropertyRunner.Check(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var y = Ops.TileRows(new Tape<double>().Constant(c.X), c.Times).Value;
            int rows = c.X.Shape[0], columns = c.X.Shape[1];
            Assert.Equal(new Shape(c.Times * rows, columns), y.Shape);
            for (int s = 0; s < c.Times; s++)
                for (int i = 0; i < rows * columns; i++)
                    Assert.Equal(c.X[i], y[s * rows * columns + i]);
        }), cases: 50);

    // Sum of squares (a gradient that depends on the values) plus a plain sum: two uses, so x̄ accumulates.
    [Fact]
    public void GradientMatchesFiniteDifferences() =>
        PropertyRunner.Check(Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            GradientCheck.Assert(p => Ops.Sum(Ops.Square(Ops.TileRows(p[0], c.Times))) + Ops.Sum(Ops.TileRows(p[0], c.Times)), [c.X]);
        }), cases: 25);

    [Fact]
    public void BadInputIsRefused()
    {
        var tape = new Tape<double>();
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.TileRows(tape.Constant(Tensor<double>.Zeros(2, 3)), 0));
        var e = Assert.Throws<ShapeMismatchException>(() => Ops.TileRows(tape.Constant(Tensor<double>.Zeros(2, 3, 4)), 2));
        Assert.Contains("TileRows", e.Message);
        Assert.Contains("[2, 3, 4]", e.Message);
    }
}
