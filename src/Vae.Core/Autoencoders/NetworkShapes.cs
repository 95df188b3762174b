using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>The shape checks shared by the networks and models of this folder.</summary>
internal static class NetworkShapes
{
    /// <summary>Throws unless <paramref name="x"/> is [batch ≥ 1, <paramref name="features"/>].</summary>
    public static void CheckInput<T>(Var<T> x, int features, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckInput(x.Shape, features, what);
    }

    /// <summary>Throws unless <paramref name="x"/> is [batch ≥ 1, <paramref name="features"/>].</summary>
    public static void CheckInput<T>(Tensor<T> x, int features, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckInput(x.Shape, features, what);
    }

    private static void CheckInput(Shape shape, int features, string what)
    {
        if (shape.Rank != 2 || shape[0] < 1 || shape[1] != features)
            throw new ArgumentException($"The {what} takes [batch, {features}] with batch >= 1; got {shape}.", "x");
    }
}
