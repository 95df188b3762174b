using System.Numerics;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Nn;

/// <summary>Rescaling of a whole gradient to bound its Euclidean norm.</summary>
public static class GradientClipping
{
    /// <summary>‖g‖ = √(Σ over all tensors and elements of g²), accumulated across tensors in double.</summary>
    public static double GlobalNorm<T>(IReadOnlyList<Tensor<T>> gradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradients);
        double sum = 0;
        for (int i = 0; i < gradients.Count; i++) sum += double.CreateChecked(TP.SumOfSquares(gradients[i].ReadOnlySpan));
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales every gradient in place by <paramref name="maxNorm"/>/‖g‖ when the global norm ‖g‖
    /// exceeds <paramref name="maxNorm"/>, so the clipped norm equals <paramref name="maxNorm"/> up to
    /// rounding; returns ‖g‖ before clipping.
    /// </summary>
    /// <remarks>
    /// The direction is kept (R. Pascanu, T. Mikolov and Y. Bengio, "On the difficulty of training
    /// recurrent neural networks", ICML 2013). Unlike PyTorch's clip_grad_norm_ no ε is added to ‖g‖:
    /// the division only happens when ‖g‖ &gt; maxNorm ≥ 0. A non-finite norm (a NaN or infinite
    /// gradient, or a sum of squares that overflows <typeparamref name="T"/>) leaves the gradients
    /// unchanged and is returned, so the caller can skip the step. Allocates nothing.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is negative or not finite.</exception>
    public static double ClipByGlobalNorm<T>(IReadOnlyList<Tensor<T>> gradients, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(maxNorm >= 0) || double.IsPositiveInfinity(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"The norm bound must be finite and >= 0; got {maxNorm}.");
        double norm = GlobalNorm(gradients);
        if (double.IsFinite(norm) && norm > maxNorm)
        {
            var scale = T.CreateChecked(maxNorm / norm);
            for (int i = 0; i < gradients.Count; i++) TP.Multiply(gradients[i].Span, scale, gradients[i].Span);
        }
        return norm;
    }
}
