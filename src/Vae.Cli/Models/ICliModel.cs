using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Cli.Models;

/// <summary>A built model as the commands use it: its parameters, its training loss, and what it can compute.</summary>
/// <remarks>All data are in the model's space (after preprocessing); the commands map them back.</remarks>
internal interface ICliModel
{
    /// <summary>The configuration it was built from.</summary>
    ModelSettings Settings { get; }

    /// <summary>The trainable tensors, by name (the checkpoint's weights).</summary>
    ParameterSet<float> Parameters { get; }

    /// <summary>The training loss of <paramref name="batch"/> on <paramref name="tape"/>, its noise drawn from <paramref name="rng"/>.</summary>
    Var<float> Loss(Tape<float> tape, Batch<float> batch, Rng rng);

    /// <summary>The cheap held-out metrics logged after every epoch (e.g. <c>test_elbo</c>).</summary>
    IReadOnlyList<Metric> TestMetrics(IRowSource<float> test, Rng rng);

    /// <summary>
    /// The full evaluation of <c>vae evaluate</c> on <paramref name="data"/>, with <paramref name="samples"/>
    /// importance samples where it estimates a likelihood; <paramref name="train"/> (the run's training rows)
    /// fits any reference model it is compared with.
    /// </summary>
    IReadOnlyList<Metric> Evaluate(Dataset<float> data, IRowSource<float> train, Rng rng, int samples, CancellationToken cancellation);

    /// <summary>Each row of <paramref name="data"/> encoded and decoded deterministically: [rows, features].</summary>
    Tensor<float> Reconstruct(Dataset<float> data, CancellationToken cancellation);

    /// <summary><paramref name="count"/> new rows from the model (with <paramref name="labels"/> for a conditional one): [count, features].</summary>
    /// <exception cref="UsageException">The model is not generative.</exception>
    Tensor<float> Sample(int count, IReadOnlyList<int>? labels, Rng rng);

    /// <summary>
    /// <paramref name="data"/> with each missing entry (mask 0) replaced by its conditional mean given the
    /// row's observed entries, estimated with <paramref name="samples"/> importance samples: [rows, features].
    /// </summary>
    /// <exception cref="UsageException">The model cannot impute (it is not an unconditional latent-variable model).</exception>
    Tensor<float> Impute(Dataset<float> data, Rng rng, int samples, CancellationToken cancellation);

    /// <summary><paramref name="draws"/> completions of <paramref name="data"/>, each missing entry drawn from its conditional distribution.</summary>
    /// <exception cref="UsageException">The model cannot impute (it is not an unconditional latent-variable model).</exception>
    IReadOnlyList<Tensor<float>> Impute(Dataset<float> data, int draws, Rng rng, int samples, CancellationToken cancellation);
}
