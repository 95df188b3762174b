using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;

namespace Vae.Core.Autoencoders;

/// <summary>
/// A differentiable map from rows of <see cref="InputSize"/> features to rows of
/// <see cref="OutputSize"/> features: the piece an autoencoder uses as its encoder and as its decoder.
/// </summary>
/// <remarks>
/// <see cref="Forward"/> fetches the module's tensors with <c>x.Tape.Param(tensor)</c> (as
/// <see cref="Linear{T}"/> and <see cref="Mlp{T}"/> do), so the same network runs on any tape. Wrap
/// an <see cref="Mlp{T}"/> or any module and function with <see cref="Network"/>; build an MLP whose
/// activations are known in closed form (needed by the contractive penalty) with
/// <see cref="DenseNetwork{T}"/>.
/// </remarks>
public interface INetwork<T> : IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of features of an input row.</summary>
    int InputSize { get; }

    /// <summary>The number of features of an output row.</summary>
    int OutputSize { get; }

    /// <summary>The network applied to <paramref name="x"/> of shape [batch, <see cref="InputSize"/>]; the result is [batch, <see cref="OutputSize"/>].</summary>
    Var<T> Forward(Var<T> x);
}
