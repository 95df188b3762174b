using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Probabilistic.Distributions;

namespace Vae.Probabilistic.Models;

/// <summary>
/// p(x | z) = Πᵢ CB(xᵢ; λᵢ = σ(ℓᵢ)) with the decoder's outputs as logits ℓ: the continuous Bernoulli
/// (Loaiza-Ganem and Cunningham, "The continuous Bernoulli: fixing a pervasive error in variational
/// autoencoders", NeurIPS 2019), log p(x | z) = Σᵢ ℓᵢxᵢ − A(ℓᵢ) with A(ℓ) = log(expm1(ℓ)/ℓ).
/// </summary>
/// <remarks>
/// The properly normalised model for grey levels in [0, 1]. <see cref="BernoulliLikelihood{T}"/>
/// applied to such data scores them with the cross-entropy Σᵢ xᵢℓᵢ − softplus(ℓᵢ), which is this
/// log-density minus the log-normaliser log C(λᵢ) = softplus(ℓᵢ) − A(ℓᵢ) ≥ log 2 of every pixel: not a
/// density of the data, and biased towards λ near ½. Here λ is a shape parameter, not the mean: the
/// mean decode is E[x | z] = A′(ℓ) (<see cref="ContinuousBernoulli{T}.Mean"/>), and since the density
/// is monotone in x the mode decode is 1 where ℓ &gt; 0, 0 where ℓ &lt; 0 (and ½ where ℓ = 0, where the
/// density is flat).
/// </remarks>
public sealed class ContinuousBernoulliLikelihood<T> : ILikelihood<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public int OutputsPerFeature => 1;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => [];

    /// <inheritdoc />
    public Distribution<T> Create(Var<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new ContinuousBernoulli<T>(output, validate: false);
    }
}
