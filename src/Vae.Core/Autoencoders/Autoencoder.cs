using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;

namespace Vae.Core.Autoencoders;

/// <summary>
/// The (deep) autoencoder: any encoder f and decoder g trained to minimise the reconstruction loss
/// J(θ) = (1/B) Σₙ L(xₙ, g(f(xₙ))).
/// </summary>
/// <remarks>
/// I. Goodfellow, Y. Bengio and A. Courville, <i>Deep Learning</i>, MIT Press 2016, ch. 14 (§14.1,
/// undercomplete autoencoders; §14.3, deep autoencoders). With a code smaller than the input
/// (undercomplete) and nonlinear f and g it learns a nonlinear generalisation of PCA.
/// </remarks>
public sealed class Autoencoder<T> : AutoencoderBase<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>An autoencoder from an encoder d → k, a decoder k → d and a reconstruction loss.</summary>
    /// <exception cref="ArgumentException">The sizes do not chain, or the networks share a tensor.</exception>
    public Autoencoder(INetwork<T> encoder, INetwork<T> decoder, ReconstructionLoss reconstruction = ReconstructionLoss.SquaredError)
        : base(encoder, decoder, reconstruction) { }

    /// <summary>The reconstruction term; the generator is not used.</summary>
    public override Var<T> Objective(Var<T> x, Rng rng) => ReconstructionTerm(x);
}
