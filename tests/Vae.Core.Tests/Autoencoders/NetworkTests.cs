using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autoencoders;

public class NetworkTests
{
    private static Tensor<double> RandomRows(int rows, int columns, ulong seed)
    {
        var x = Tensor<double>.Zeros(rows, columns);
        Rng.Create(seed).FillNormal(x.Span);
        return x;
    }

    [Fact]
    public void FromMlpKeepsTheMlpsParametersSizesAndForwardPass()
    {
        var mlp = new Mlp<double>([4, 6, 3], Activations.Tanh, Rng.Create(1), Activations.Sigmoid);
        var network = Network.FromMlp(mlp);
        Assert.Equal(4, network.InputSize);
        Assert.Equal(3, network.OutputSize);
        Assert.Same(mlp.Parameters, network.Parameters);
        var x = RandomRows(5, 4, 2);
        var tape = new Tape<double>();
        Assert.Equal(mlp.Forward(tape.Constant(x)).Value.ToArray(), network.Forward(tape.Constant(x)).Value.ToArray());
        Assert.Throws<ArgumentException>(() => network.Forward(tape.Constant(RandomRows(5, 3, 2))));
    }

    [Fact]
    public void CreateWrapsAnyModuleAndChecksTheOutputShape()
    {
        var layer = new Linear<double>(3, 2, Rng.Create(3));
        var network = Network.Create(layer, 3, 2, x => Ops.Tanh(layer.Forward(x)));
        var x = RandomRows(4, 3, 4);
        var tape = new Tape<double>();
        var y = network.Forward(tape.Constant(x)).Value;
        for (int r = 0; r < 4; r++)
            for (int j = 0; j < 2; j++)
            {
                double a = layer.Bias![j];
                for (int i = 0; i < 3; i++) a += x[r, i] * layer.Weight[i, j];
                Assert.Equal(Math.Tanh(a), y[r, j], 14);
            }
        var wrong = Network.Create(layer, 3, 5, layer.Forward);
        Assert.Throws<InvalidOperationException>(() => wrong.Forward(tape.Constant(x)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Network.Create(layer, 0, 2, layer.Forward));
    }

    [Theory]
    [InlineData(ActivationKind.Sigmoid, ActivationKind.Identity)]
    [InlineData(ActivationKind.Tanh, ActivationKind.Sigmoid)]
    [InlineData(ActivationKind.Relu, ActivationKind.Tanh)]
    [InlineData(ActivationKind.Identity, ActivationKind.Relu)]
    public void DenseNetworkAppliesTheNamedActivations(ActivationKind hidden, ActivationKind output)
    {
        var network = new DenseNetwork<double>([3, 4, 2], hidden, output, Rng.Create(6));
        // The same seed gives the same weights as an Mlp of the same sizes.
        var mlp = new Mlp<double>([3, 4, 2], Activations.Relu, Rng.Create(6));
        for (int p = 0; p < 4; p++) Assert.Equal(mlp.Parameters[p].Value.ToArray(), network.Parameters[p].Value.ToArray());
        foreach (var layer in network.Layers) Rng.Create(7).FillNormal(layer.Bias!.Span, 0.0, 0.5);
        Assert.Equal(hidden, network.ActivationAfter(0));
        Assert.Equal(output, network.ActivationAfter(1));
        var x = RandomRows(5, 3, 8);
        var y = network.Forward(new Tape<double>().Constant(x)).Value;
        for (int r = 0; r < 5; r++)
        {
            var h = new double[4];
            for (int j = 0; j < 4; j++)
            {
                double a = network.Layers[0].Bias![j];
                for (int i = 0; i < 3; i++) a += x[r, i] * network.Layers[0].Weight[i, j];
                h[j] = Apply(hidden, a);
            }
            for (int j = 0; j < 2; j++)
            {
                double a = network.Layers[1].Bias![j];
                for (int i = 0; i < 4; i++) a += h[i] * network.Layers[1].Weight[i, j];
                Assert.Equal(Apply(output, a), y[r, j], 14);
            }
        }
    }

    [Fact]
    public void DenseNetworkRejectsUndefinedActivations()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenseNetwork<double>([2, 2], (ActivationKind)9, ActivationKind.Identity, Rng.Create(1)));
        var network = new DenseNetwork<double>([2, 3], ActivationKind.Relu, ActivationKind.Tanh, Rng.Create(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.ActivationAfter(1));
    }

    [Fact]
    public void AnAutoencoderNamesItsPartsAndChecksTheirSizes()
    {
        var rng = Rng.Create(9);
        var encoder = new DenseNetwork<double>([6, 4, 2], ActivationKind.Tanh, ActivationKind.Identity, rng);
        var decoder = new DenseNetwork<double>([2, 6], ActivationKind.Tanh, ActivationKind.Identity, rng);
        var ae = new Autoencoder<double>(encoder, decoder, ReconstructionLoss.BernoulliCrossEntropy);
        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.1.weight", "encoder.1.bias", "decoder.0.weight", "decoder.0.bias"],
            ae.Parameters.Select(p => p.Name));
        Assert.Equal((6, 2), (ae.InputSize, ae.CodeSize));
        Assert.Throws<ArgumentException>(() => new Autoencoder<double>(encoder, new DenseNetwork<double>([3, 6], ActivationKind.Tanh, ActivationKind.Identity, rng)));
        Assert.Throws<ArgumentException>(() => new Autoencoder<double>(encoder, new DenseNetwork<double>([2, 5], ActivationKind.Tanh, ActivationKind.Identity, rng)));
        // Tied tensors would be updated twice per step: a decoder sharing the encoder's parameters is refused.
        Assert.Throws<ArgumentException>(() => new Autoencoder<double>(encoder, Network.Create(encoder, 2, 6, z => z)));

        // Tensor-level evaluation: the decoder output is the logits, Decode their sigmoid, and the
        // reconstruction error the mean over rows of the squared distance to the input.
        var x = RandomRows(3, 6, 10);
        var code = ae.Encode(x);
        Assert.Equal(encoder.Forward(new Tape<double>().Constant(x)).Value.ToArray(), code.ToArray());
        var logits = ae.DecoderOutput(code);
        var mean = ae.Decode(code);
        Assert.Equal(mean.ToArray(), ae.Reconstruct(x).ToArray());
        double error = 0;
        for (int i = 0; i < mean.Size; i++)
        {
            // TensorPrimitives' sigmoid is within a few ulp of the exact value; 1e-15 is about 9 ulp at 1.
            Assert.Equal(1 / (1 + Math.Exp(-logits[i])), mean[i], tolerance: 1e-15);
            error += (mean[i] - x[i]) * (mean[i] - x[i]);
        }
        Assert.Equal(error / 3, ae.ReconstructionError(x), 13);
        Assert.Throws<ArgumentException>(() => ae.Encode(RandomRows(3, 5, 1)));
        Assert.Throws<ArgumentException>(() => ae.Decode(RandomRows(3, 3, 1)));
    }

    private static double Apply(ActivationKind kind, double a) => kind switch
    {
        ActivationKind.Sigmoid => 1 / (1 + Math.Exp(-a)),
        ActivationKind.Tanh => Math.Tanh(a),
        ActivationKind.Relu => Math.Max(a, 0),
        _ => a,
    };
}
