using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;

namespace Vae.Core.Autoencoders;

/// <summary>
/// The contractive autoencoder: the reconstruction loss plus λ times the squared Frobenius norm of the
/// encoder's Jacobian, J = (1/B) Σₙ [L(xₙ, g(f(xₙ))) + λ‖∂f(xₙ)/∂x‖²_F].
/// </summary>
/// <remarks>
/// S. Rifai, P. Vincent, X. Muller, X. Glorot and Y. Bengio, "Contractive auto-encoders: explicit
/// invariance during feature extraction", ICML 2011; Goodfellow, Bengio and Courville, <i>Deep
/// Learning</i>, §14.7. The penalty is exact for any <see cref="DenseNetwork{T}"/> encoder (one layer
/// in closed form, deeper ones as the product of the layers' Jacobians); see <see cref="ContractivePenalty"/>.
/// </remarks>
public sealed class ContractiveAutoencoder<T> : AutoencoderBase<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A contractive autoencoder with penalty weight <paramref name="weight"/> (λ).</summary>
    /// <exception cref="ArgumentException">The sizes do not chain, or the networks share a tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">λ is negative or not finite.</exception>
    public ContractiveAutoencoder(DenseNetwork<T> encoder, INetwork<T> decoder, ReconstructionLoss reconstruction, double weight)
        : base(encoder, decoder, reconstruction)
    {
        if (!(double.IsFinite(weight) && weight >= 0))
            throw new ArgumentOutOfRangeException(nameof(weight), $"λ must be finite and >= 0; got {weight}.");
        DenseEncoder = encoder;
        Weight = weight;
    }

    /// <summary>The encoder, with its activations known in closed form.</summary>
    public DenseNetwork<T> DenseEncoder { get; }

    /// <summary>λ, the weight of the Jacobian penalty.</summary>
    public double Weight { get; }

    /// <summary>The reconstruction term plus λ·(1/B) Σₙ ‖J_f(xₙ)‖²_F, from one forward pass of the encoder; the generator is not used.</summary>
    public override Var<T> Objective(Var<T> x, Rng rng)
    {
        var terms = ContractivePenalty.Evaluate(DenseEncoder, x);
        var reconstruction = ReconstructionLosses.Evaluate(Reconstruction, Decode(terms.Code), x);
        return Ops.Add(reconstruction, Ops.Scale(terms.Penalty, T.CreateChecked(Weight)));
    }
}
