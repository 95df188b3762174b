using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;

namespace Vae.Core.Autoencoders;

/// <summary>
/// The sparse autoencoder: the reconstruction loss plus a sparsity penalty Ω(h) on the code h = f(x),
/// J = (1/B) Σₙ L(xₙ, g(hₙ)) + Ω(h), with Ω = λ·(1/B) Σₙ ‖hₙ‖₁ or Ω = β·Σⱼ KL(ρ‖ρ̂ⱼ).
/// </summary>
/// <remarks>
/// Goodfellow, Bengio and Courville, <i>Deep Learning</i>, §14.2.1 (the L1 penalty, a Laplace prior on
/// the code); A. Ng, "Sparse autoencoder", CS294A lecture notes, Stanford 2011, §2.3 (the KL penalty
/// on the mean activation ρ̂ⱼ of each unit over the batch, for a sigmoid code). The KL term is a
/// function of the whole batch, not a sum over examples, so it is estimated from each mini-batch.
/// </remarks>
public sealed class SparseAutoencoder<T> : AutoencoderBase<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A sparse autoencoder; for the KL penalty the encoder's outputs must lie in (0, 1).</summary>
    /// <exception cref="ArgumentException">The sizes do not chain, or the networks share a tensor.</exception>
    public SparseAutoencoder(INetwork<T> encoder, INetwork<T> decoder, ReconstructionLoss reconstruction, SparsityPenalty penalty)
        : base(encoder, decoder, reconstruction)
    {
        ArgumentNullException.ThrowIfNull(penalty);
        Penalty = penalty;
    }

    /// <summary>The sparsity term Ω.</summary>
    public SparsityPenalty Penalty { get; }

    /// <summary>The reconstruction term plus Ω of the batch's codes; the generator is not used.</summary>
    /// <exception cref="InvalidOperationException">The KL penalty met a mean activation outside (0, 1).</exception>
    public override Var<T> Objective(Var<T> x, Rng rng)
    {
        var code = Encode(x);
        var reconstruction = ReconstructionLosses.Evaluate(Reconstruction, Decode(code), x);
        return Ops.Add(reconstruction, Penalty.Evaluate(code));
    }
}
