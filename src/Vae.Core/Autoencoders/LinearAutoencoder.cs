using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>
/// The linear autoencoder: f(x) = xW_e + b_e, g(z) = zW_d + b_d with squared error,
/// J = (1/B) Σₙ ‖xₙ − (xₙW_e + b_e)W_d − b_d‖².
/// </summary>
/// <remarks>
/// P. Baldi and K. Hornik, "Neural networks and principal component analysis: learning from examples
/// without local minima", Neural Networks 2(1), 1989: every local minimum of J over the data is
/// global, and at a minimum the k rows of the decoder weight W_d [k, d] span the same subspace as the
/// top k principal components of the (centred) data, although they need not be those components
/// (any invertible mixing of the code gives the same reconstructions). Goodfellow, Bengio and
/// Courville, <i>Deep Learning</i>, §14.1.
/// </remarks>
public sealed class LinearAutoencoder<T> : AutoencoderBase<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// A linear autoencoder d → k → d whose weights are drawn by <paramref name="weightInit"/>
    /// (Glorot/Xavier uniform when null) from <paramref name="rng"/>, encoder first; biases are zero.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive.</exception>
    public LinearAutoencoder(int inputSize, int codeSize, Rng rng, Action<Tensor<T>, Rng>? weightInit = null)
        : this(new DenseNetwork<T>([inputSize, codeSize], ActivationKind.Identity, ActivationKind.Identity, rng, weightInit),
            new DenseNetwork<T>([codeSize, inputSize], ActivationKind.Identity, ActivationKind.Identity, rng, weightInit)) { }

    private LinearAutoencoder(DenseNetwork<T> encoder, DenseNetwork<T> decoder)
        : base(encoder, decoder, ReconstructionLoss.SquaredError)
    {
        EncoderLayer = encoder.Layers[0];
        DecoderLayer = decoder.Layers[0];
    }

    /// <summary>The encoder's affine layer (weight W_e [d, k]).</summary>
    public Linear<T> EncoderLayer { get; }

    /// <summary>The decoder's affine layer (weight W_d [k, d], whose rows span the reconstructions' affine subspace around b_d).</summary>
    public Linear<T> DecoderLayer { get; }

    /// <summary>The reconstruction term; the generator is not used.</summary>
    public override Var<T> Objective(Var<T> x, Rng rng) => ReconstructionTerm(x);
}
