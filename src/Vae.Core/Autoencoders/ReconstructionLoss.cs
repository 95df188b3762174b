namespace Vae.Core.Autoencoders;

/// <summary>How a decoder's output is compared with the input it reconstructs; see <see cref="ReconstructionLosses"/>.</summary>
public enum ReconstructionLoss
{
    /// <summary>
    /// The decoder outputs the reconstruction x̂ itself; the loss is Σᵢ (x̂ᵢ − xᵢ)² per example (a
    /// Gaussian negative log-likelihood with unit variance, up to ½ and a constant).
    /// </summary>
    SquaredError,

    /// <summary>
    /// The decoder outputs logits ℓ of independent Bernoulli means σ(ℓ); the loss is the cross-entropy
    /// Σᵢ −[xᵢ log σ(ℓᵢ) + (1 − xᵢ) log(1 − σ(ℓᵢ))] = Σᵢ softplus(ℓᵢ) − xᵢℓᵢ per example, for x in [0, 1].
    /// </summary>
    BernoulliCrossEntropy,
}
