using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Tests.Autodiff;

namespace Vae.Core.Tests.Nn;

public class LinearTests
{
    [Fact]
    public void ForwardIsXTimesWeightPlusBias()
    {
        var layer = new Linear<double>(3, 2, Rng.Create(1));
        // W = [[1, 2], [3, 4], [5, 6]] ([inputs, outputs]), b = [0.5, -1].
        Tensor<double>.FromArray([1, 2, 3, 4, 5, 6], 3, 2).ReadOnlySpan.CopyTo(layer.Weight.Span);
        Tensor<double>.FromArray([0.5, -1], 2).ReadOnlySpan.CopyTo(layer.Bias!.Span);
        var x = Tensor<double>.FromArray([1, 0, -1, 2, 1, 0.5], 2, 3);
        var y = layer.Forward(new Tape<double>().Constant(x));
        // Row 1: [1, 0, -1]·W = [1·1 + 0·3 − 1·5, 1·2 + 0·4 − 1·6] = [−4, −4]; + b = [−3.5, −5].
        // Row 2: [2, 1, 0.5]·W = [2 + 3 + 2.5, 4 + 4 + 3] = [7.5, 11]; + b = [8, 10].
        Assert.Equal(new Shape(2, 2), y.Shape);
        Assert.Equal([-3.5, -5, 8, 10], y.Value.ToArray());
    }

    [Fact]
    public void WithoutBiasTheOutputIsXW()
    {
        var layer = new Linear<double>(2, 1, Rng.Create(1), bias: false);
        Tensor<double>.FromArray([2, -3], 2, 1).ReadOnlySpan.CopyTo(layer.Weight.Span);
        var y = layer.Forward(new Tape<double>().Constant(Tensor<double>.FromArray([1, 1, 4, 2], 2, 2)));
        // [1, 1]·[2, −3]ᵀ = −1; [4, 2]·[2, −3]ᵀ = 2.
        Assert.Equal([-1.0, 2], y.Value.ToArray());
        Assert.Null(layer.Bias);
        Assert.Equal(["weight"], layer.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void ParametersAreNamedWeightAndBiasWithTheDocumentedShapes()
    {
        var layer = new Linear<float>(5, 3, Rng.Create(2));
        Assert.Equal(["weight", "bias"], layer.Parameters.Select(p => p.Name));
        Assert.Equal(new Shape(5, 3), layer.Weight.Shape);
        Assert.Equal(new Shape(3), layer.Bias!.Shape);
        Assert.All(layer.Bias.ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal((5, 3), (layer.InputSize, layer.OutputSize));
    }

    [Fact]
    public void WrongInputWidthIsAShapeMismatch()
    {
        var layer = new Linear<double>(3, 2, Rng.Create(1));
        Assert.Throws<ShapeMismatchException>(() => layer.Forward(new Tape<double>().Constant(Tensor<double>.Zeros(4, 2))));
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var rng = Rng.Create(3);
        var layer = new Linear<double>(4, 3, rng);
        rng.FillNormal(layer.Bias!.Span);
        var x = Tensor<double>.Zeros(5, 4);
        rng.FillNormal(x.Span);
        GradientCheck.Assert(p => layer.Forward(p[0]), [x, layer.Weight, layer.Bias]);
    }
}
