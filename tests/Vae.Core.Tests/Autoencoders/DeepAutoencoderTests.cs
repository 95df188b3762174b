using Vae.Core.Training;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Randomness;

namespace Vae.Core.Tests.Autoencoders;

public class DeepAutoencoderTests
{
    [Fact]
    public void ANonlinearAutoencoderBeatsPcaOnHeldOutDigits()
    {
        // Digits split 80/20; code size 4 for both. The autoencoder is 64 → 64 ReLU → 4 → 64 ReLU → 64
        // sigmoid with squared error, 40 epochs of Adam (η = 0.003, batches of 32). Measured held-out
        // mean squared error: autoencoder 1.38, PCA 2.38 (PCA's training error is 2.42, so the gap is
        // not overfitting by PCA). Asserted: at most 80% of PCA's.
        var split = Digits.Load<float>().Split(0.2, 7);
        var rng = Rng.Create(3);
        var encoder = new DenseNetwork<float>([64, 64, 4], ActivationKind.Relu, ActivationKind.Identity, rng);
        var decoder = new DenseNetwork<float>([4, 64, 64], ActivationKind.Relu, ActivationKind.Sigmoid, rng);
        var model = new Autoencoder<float>(encoder, decoder);
        var history = AutoencoderTraining.Train(model, split.Train, new TrainingOptions { Epochs = 40, BatchSize = 32, LearningRate = 3e-3, Seed = 5 });
        Assert.True(history[^1].Loss < history[0].Loss);

        var pca = Pca<float>.Fit(split.Train.Features, 4);
        double autoencoder = model.ReconstructionError(split.Test.Features), baseline = pca.ReconstructionError(split.Test.Features);
        Assert.True(autoencoder < 0.8 * baseline, $"held-out error: autoencoder {autoencoder}, PCA {baseline}");
    }

    [Fact]
    public void AnyMlpServesAsEncoderAndDecoder()
    {
        // The Mlp adapter in a full training run: the objective decreases.
        var data = Digits.Load<float>().Select(Enumerable.Range(0, 300).ToArray());
        var rng = Rng.Create(8);
        var encoder = Network.FromMlp(new Vae.Core.Nn.Mlp<float>([64, 16, 6], Vae.Core.Nn.Activations.Tanh, rng));
        var decoder = Network.FromMlp(new Vae.Core.Nn.Mlp<float>([6, 16, 64], Vae.Core.Nn.Activations.Tanh, rng));
        var model = new Autoencoder<float>(encoder, decoder, ReconstructionLoss.BernoulliCrossEntropy);
        var history = AutoencoderTraining.Train(model, data, new TrainingOptions { Epochs = 10, BatchSize = 30, LearningRate = 1e-2, Seed = 1 });
        Assert.True(history[^1].Loss < 0.8 * history[0].Loss,
            $"objective {history[0].Loss} → {history[^1].Loss}");
    }
}
