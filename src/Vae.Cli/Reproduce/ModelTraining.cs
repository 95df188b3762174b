using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Training;

namespace Vae.Cli.Reproduce;

/// <summary>The training loops of the experiments: the library's <see cref="Trainer{T}"/>, stoppable by Ctrl-C.</summary>
internal static class ModelTraining
{
    /// <summary>Trains <paramref name="model"/> on its own objective for <c>options.Epochs</c> epochs.</summary>
    public static void Autoencoder(IAutoencoder<float> model, Dataset<float> data, TrainingOptions options, CancellationToken cancellation) =>
        AutoencoderTraining.CreateTrainer(model, data, options).Fit(null, null, cancellation);

    /// <summary>
    /// Minimises <paramref name="loss"/> over the parameters of <paramref name="model"/> for <c>options.Epochs</c>
    /// epochs, calling <paramref name="afterEpoch"/> with the number of epochs done after each.
    /// </summary>
    public static void Model(IModule<float> model, Dataset<float> data, Func<Tape<float>, Batch<float>, Rng, Var<float>> loss,
        TrainingOptions options, CancellationToken cancellation, Action<int>? afterEpoch = null)
    {
        var trainer = new Trainer<float>(new ParameterSet<float>(model).Tensors, data, loss, options);
        trainer.Fit(report => afterEpoch?.Invoke(report.Epoch), null, cancellation);
    }
}
