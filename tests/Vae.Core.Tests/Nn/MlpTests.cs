using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Tests.Autodiff;

namespace Vae.Core.Tests.Nn;

public class MlpTests
{
    [Fact]
    public void GradientsOfEveryParameterMatchFiniteDifferences()
    {
        // Tanh hidden layers and a sigmoid output: smooth, so central differences apply everywhere.
        var rng = Rng.Create(4);
        var mlp = new Mlp<double>([3, 5, 4, 2], Activations.Tanh, rng, outputActivation: Activations.Sigmoid);
        foreach (var layer in mlp.Layers) rng.FillNormal(layer.Bias!.Span, 0.0, 0.5);
        var x = Tensor<double>.Zeros(6, 3);
        rng.FillNormal(x.Span);
        var inputs = new List<Tensor<double>> { x };
        inputs.AddRange(mlp.Parameters.Select(p => p.Value));
        GradientCheck.Assert(p => mlp.Forward(p[0]), inputs);
    }

    [Fact]
    public void ForwardComposesTheLayersAndActivations()
    {
        var rng = Rng.Create(5);
        var mlp = new Mlp<double>([2, 3, 1], Activations.Relu, rng, outputActivation: Activations.Tanh);
        var x = Tensor<double>.FromArray([0.5, -1.5, 2, 1], 2, 2);
        var y = mlp.Forward(new Tape<double>().Constant(x)).Value;
        Linear<double> first = mlp.Layers[0], second = mlp.Layers[1];
        for (int row = 0; row < 2; row++)
        {
            // tanh(relu(x W₀ + b₀) W₁ + b₁), written out with loops.
            double output = second.Bias![0];
            for (int h = 0; h < 3; h++)
            {
                double hidden = first.Bias![h];
                for (int i = 0; i < 2; i++) hidden += x[row, i] * first.Weight[i, h];
                output += Math.Max(hidden, 0) * second.Weight[h, 0];
            }
            Assert.Equal(Math.Tanh(output), y[row], 1e-15);
        }
    }

    [Fact]
    public void ParametersAreNamedByLayerIndexAndNestUnderAPrefix()
    {
        var rng = Rng.Create(6);
        var mlp = new Mlp<float>([4, 3, 2], Activations.Tanh, rng);
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], mlp.Parameters.Select(p => p.Name));
        var set = new ParameterSet<float>().Add("encoder", mlp).Add("decoder", new Mlp<float>([2, 4], Activations.Identity, rng));
        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias", "decoder.0.weight", "decoder.0.bias"],
            set.Select(p => p.Name));
        Assert.Same(mlp.Layers[1].Weight, set["encoder.1.weight"]);
        Assert.Equal(set.Select(p => p.Value), set.Tensors);
    }

    [Fact]
    public void SameSeedGivesTheSameNetwork()
    {
        var a = new Mlp<float>([3, 8, 2], Activations.Relu, Rng.Create(9), weightInit: Init.HeUniform);
        var b = new Mlp<float>([3, 8, 2], Activations.Relu, Rng.Create(9), weightInit: Init.HeUniform);
        Assert.Equal(a.Parameters.SelectMany(p => p.Value.ToArray()), b.Parameters.SelectMany(p => p.Value.ToArray()));
    }

    [Fact]
    public void IdentityActivationRecordsNothing()
    {
        var tape = new Tape<double>();
        var x = tape.Constant(Tensor<double>.Zeros(1));
        Assert.Same(x, Activations.Identity(x));
        Assert.Equal(1, tape.Count);
    }

    [Fact]
    public void TooFewSizesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Mlp<double>([3], Activations.Tanh, Rng.Create(1)));
        Assert.Throws<ArgumentException>(() => new Mlp<double>([3, 0, 1], Activations.Tanh, Rng.Create(1)));
    }
}
