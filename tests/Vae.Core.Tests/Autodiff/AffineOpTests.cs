using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>
/// The fused dense-layer map Y = X·W + b: gradients in all three operands against float64 central
/// differences on random sizes (also when X, W and b receive a second contribution), values against
/// the unfused MatMul + broadcast Add, and shape errors.
/// </summary>
public class AffineOpTests
{
    private static Gen<(Tensor<double> X, Tensor<double> W, Tensor<double> B)> Operands() =>
        from m in Gen.Choose(1, 5)
        from k in Gen.Choose(1, 6)
        from n in Gen.Choose(1, 7)
        from x in TensorGen.Tensor([m, k], TensorGen.Uniform(-1, 1))
        from w in TensorGen.Tensor([k, n], TensorGen.Uniform(-1, 1))
        from b in TensorGen.Tensor([n], TensorGen.Uniform(-1, 1))
        select (x, w, b);

    [Fact]
    public void GradientsMatchFiniteDifferences() =>
        PropertyRunner.Check(Prop.ForAll(Operands().ToArbitrary(), c =>
        {
            GradientCheck.Assert(p => Ops.Sum(Ops.Square(Ops.Affine(p[0], p[1], p[2]))), [c.X, c.W, c.B]);
            // A second use of every operand after the op (its VJP runs first, so Affine accumulates).
            GradientCheck.Assert(p => Ops.Add(Ops.Sum(Ops.Square(Ops.Affine(p[0], p[1], p[2]))),
                Ops.Add(Ops.Sum(p[0]), Ops.Add(Ops.Sum(Ops.Square(p[1])), Ops.Sum(p[2])))), [c.X, c.W, c.B]);
        }), cases: 25);

    // Both sides sum the same k ≤ 6 products; b joins first instead of last. Each side's rounding error
    // is at most (k + 1)·2⁻⁵³·(Σ|x||w| + |b|) ≤ 7·2⁻⁵³·7 ≈ 5.4e-15, so they differ by less than
    // 64·2⁻⁵² ≈ 1.4e-14.
    [Fact]
    public void ValuesMatchMatMulPlusBroadcastAdd() =>
        PropertyRunner.Check(Prop.ForAll(Operands().ToArbitrary(), c =>
        {
            var tape = new Tape<double>();
            var (x, w, b) = (tape.Constant(c.X), tape.Constant(c.W), tape.Constant(c.B));
            var fused = Ops.Affine(x, w, b).Value.ToArray();
            var unfused = Ops.Add(Ops.MatMul(x, w), b).Value.ToArray();
            for (int i = 0; i < fused.Length; i++) Assert.Equal(unfused[i], fused[i], 64 * Math.Pow(2, -52));
        }), cases: 50);

    [Fact]
    public void ShapeErrorsNameTheOpAndTheShapes()
    {
        var tape = new Tape<double>();
        var x = tape.Constant(Tensor<double>.Zeros(2, 3));
        var e = Assert.Throws<ShapeMismatchException>(() => Ops.Affine(x, tape.Constant(Tensor<double>.Zeros(4, 5)), tape.Constant(Tensor<double>.Zeros(5))));
        Assert.Contains("Affine", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
        var bias = Assert.Throws<ShapeMismatchException>(() => Ops.Affine(x, tape.Constant(Tensor<double>.Zeros(3, 5)), tape.Constant(Tensor<double>.Zeros(4))));
        Assert.Contains("[4]", bias.Message);
    }
}
