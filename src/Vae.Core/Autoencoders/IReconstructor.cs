using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>
/// A fitted model that compresses rows to codes and reconstructs them: every autoencoder here
/// (<see cref="AutoencoderBase{T}"/>) and the <see cref="Pca{T}"/> baseline, so they can be compared
/// on the same data with the same error.
/// </summary>
public interface IReconstructor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of features of a data row.</summary>
    int InputSize { get; }

    /// <summary>The number of features of a code.</summary>
    int CodeSize { get; }

    /// <summary>The codes [n, CodeSize] of the rows <paramref name="x"/> [n, InputSize].</summary>
    Tensor<T> Encode(Tensor<T> x);

    /// <summary>The reconstructions [n, InputSize] in data space (for a Bernoulli decoder, the means σ(ℓ)) of the codes <paramref name="code"/> [n, CodeSize].</summary>
    Tensor<T> Decode(Tensor<T> code);

    /// <summary>Decode(Encode(<paramref name="x"/>)).</summary>
    Tensor<T> Reconstruct(Tensor<T> x);

    /// <summary>
    /// The mean over rows of the squared Euclidean reconstruction error, (1/n) Σₙ ‖x̂ₙ − xₙ‖² with
    /// x̂ = <see cref="Reconstruct"/>(x), accumulated in double: the same measure for every model,
    /// whatever loss it was trained with.
    /// </summary>
    double ReconstructionError(Tensor<T> x);
}
