using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Models;

/// <summary>
/// The architecture of a <see cref="Vae{T}"/>: sizes, activation, likelihood and conditioning.
/// An immutable record: C# writes <c>options with { LatentSize = 2 }</c>, F# <c>VaeOptions(InputSize = 784, LatentSize = 20)</c>.
/// </summary>
public sealed record VaeOptions<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of data features D.</summary>
    public required int InputSize { get; init; }

    /// <summary>The number of latent dimensions.</summary>
    public int LatentSize { get; init; } = 20;

    /// <summary>Hidden layer widths of the encoder; the decoder mirrors them.</summary>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [400];

    /// <summary>The hidden activation (ReLU by default).</summary>
    public Func<Var<T>, Var<T>> Activation { get; init; } = Activations.Relu;

    /// <summary>
    /// Fills each weight matrix (biases: see <see cref="BiasInit"/>); Glorot/Xavier uniform when null.
    /// <c>(w, rng) => Init.HeUniform(w, rng, Math.Sqrt(1.0 / 3))</c> is PyTorch's default for
    /// <c>nn.Linear</c> weights, U(±1/√fan_in).
    /// </summary>
    public Action<Tensor<T>, Rng>? WeightInit { get; init; }

    /// <summary>
    /// Fills each bias given its layer's fan-in; zero when null. <see cref="Init.UniformFanInBias{T}"/>
    /// is PyTorch's default for <c>nn.Linear</c> biases, U(±1/√fan_in).
    /// </summary>
    public Action<Tensor<T>, int, Rng>? BiasInit { get; init; }

    /// <summary>The observation model p(x | z) (Bernoulli by logits by default).</summary>
    public ILikelihood<T> Likelihood { get; init; } = new BernoulliLikelihood<T>();

    /// <summary>
    /// The width of a conditioning input c (a one-hot label for the conditional VAE), concatenated to
    /// the encoder's input and to the decoder's input; 0 for none.
    /// </summary>
    public int ConditionSize { get; init; }

    /// <summary>
    /// Whether the encoder also reads the missing-data mask (concatenated to the zero-filled input),
    /// as for MIWAE-style training on incomplete data.
    /// </summary>
    public bool EncoderSeesMask { get; init; }

    /// <summary>Checks the sizes; throws naming the offending property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive (or negative for ConditionSize).</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InputSize, 1, nameof(InputSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(LatentSize, 1, nameof(LatentSize));
        ArgumentOutOfRangeException.ThrowIfNegative(ConditionSize, nameof(ConditionSize));
        ArgumentNullException.ThrowIfNull(HiddenSizes, nameof(HiddenSizes));
        if (HiddenSizes.Count == 0 || HiddenSizes.Any(h => h < 1))
            throw new ArgumentOutOfRangeException(nameof(HiddenSizes), $"HiddenSizes must hold at least one positive width; got [{string.Join(", ", HiddenSizes)}].");
    }
}
