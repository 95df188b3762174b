using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Probabilistic.Distributions;

namespace Vae.Probabilistic.Models;

/// <summary>
/// p(x | z) = Πᵢ Bernoulli(xᵢ; σ(ℓᵢ)) with the decoder's outputs as logits: log p = −BCEWithLogits,
/// the loss of the classic VAE on [0, 1] images (Kingma and Welling, 2014).
/// </summary>
public sealed class BernoulliLikelihood<T> : ILikelihood<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public int OutputsPerFeature => 1;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => [];

    /// <inheritdoc />
    public Distribution<T> Create(Var<T> output) => Bernoulli<T>.FromLogits(output, validate: false);
}
