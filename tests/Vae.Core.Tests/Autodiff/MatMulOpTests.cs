using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

public class MatMulOpTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void GradientsMatchFiniteDifferencesForEveryTransposeVariant(bool transposeA, bool transposeB)
    {
        var random = new System.Random(7);
        int m = 3, k = 4, n = 5;
        var a = Random(random, transposeA ? [k, m] : [m, k]);
        var b = Random(random, transposeB ? [n, k] : [k, n]);
        GradientCheck.Assert(p => Ops.MatMul(p[0], p[1], transposeA, transposeB), [a, b]);
    }

    [Fact]
    public void InnerDimensionMismatchNamesBothShapes()
    {
        var tape = new Tape<double>();
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Ops.MatMul(tape.Constant(Tensor<double>.Zeros(2, 3)), tape.Constant(Tensor<double>.Zeros(4, 5))));
        Assert.Contains("MatMul", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
    }

    private static Tensor<double> Random(System.Random random, int[] dims)
    {
        var t = Tensor<double>.Zeros(dims);
        for (int i = 0; i < t.Size; i++) t[i] = random.NextDouble() * 2 - 1;
        return t;
    }
}
