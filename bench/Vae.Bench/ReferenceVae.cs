using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Training;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Bench;

/// <summary>
/// The model of peers/torch_vae_fmnist.py written against the public API as a research script would:
/// a 784-400-20 <see cref="Vae{T}"/> (ReLU, Bernoulli likelihood by logits), the single-sample ELBO,
/// Adam at 1e-3 on shuffled batches of 128.
/// </summary>
/// <remarks>
/// Two initialisations: the library's default (Glorot/Xavier uniform weights, zero biases) or PyTorch's
/// nn.Linear default, the reference script's: weights U(±1/√fan_in) = He uniform with gain √(1/3), and
/// biases from the same uniform (<see cref="Init.UniformFanInBias{T}"/>).
/// </remarks>
internal static class ReferenceVae
{
    /// <summary>The data and latent sizes and the hidden width.</summary>
    public const int Input = 784, Latent = 20, Hidden = 400, BatchSize = 128;

    /// <summary>The names of the initialisations <see cref="Create"/> knows.</summary>
    public static IReadOnlyList<string> Inits { get; } = ["pytorch", "glorot"];

    /// <summary>A freshly initialised model; <paramref name="init"/> is one of <see cref="Inits"/>.</summary>
    /// <exception cref="ArgumentException">An unknown initialisation.</exception>
    public static Vae<float> Create(ulong seed, string init)
    {
        var options = new VaeOptions<float> { InputSize = Input, LatentSize = Latent, HiddenSizes = [Hidden] };
        options = init switch
        {
            "pytorch" => options with { WeightInit = (w, rng) => Init.HeUniform(w, rng, Math.Sqrt(1.0 / 3)), BiasInit = Init.UniformFanInBias },
            "glorot" => options,
            _ => throw new ArgumentException($"--init must be one of {string.Join(", ", Inits)}; got '{init}'."),
        };
        return new(options, Rng.Create(seed));
    }

    /// <summary>A trainer of <paramref name="model"/> on <paramref name="train"/> minimising the negative ELBO (averaged over the batch).</summary>
    public static Trainer<float> Trainer(Vae<float> model, IRowSource<float> train, int epochs, ulong seed) =>
        new(new ParameterSet<float>(model).Tensors, train,
            (tape, batch, rng) => Elbo.Evaluate(model, tape.Constant(batch.Features), rng).Loss,
            TrainingOptions.Default with { Epochs = epochs, BatchSize = BatchSize, LearningRate = 1e-3, Seed = seed });
}
