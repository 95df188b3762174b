using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>Scalar tensors shared by the ops of this folder; never written.</summary>
internal static class ScalarConstants<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The scalar 1.</summary>
    public static readonly Tensor<T> One = Tensor<T>.Scalar(T.One);

    /// <summary>The scalar 0.</summary>
    public static readonly Tensor<T> Zero = Tensor<T>.Scalar(T.Zero);
}
