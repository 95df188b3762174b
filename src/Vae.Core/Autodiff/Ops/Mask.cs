using System.Numerics;
using Vae.Core.Kernels;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = x where mask ≠ 0, else exactly 0, element-wise, with x and the mask broadcast together
    /// (NumPy rules): <c>Where(mask, x, 0)</c>, e.g. to drop missing coordinates from a log-likelihood.
    /// </summary>
    /// <remarks>
    /// VJP: x̄ += Σ_broadcast ȳ where mask ≠ 0; masked-out elements receive exactly 0, even where x is NaN
    /// or ∞ (which never reaches y), unlike x ⊙ mask. See <see cref="Where{T}"/> for guarding the ops
    /// that produce x, and for how the mask is read (nonzero, NaN included, keeps an element; the
    /// backward pass reads the mask again, so do not modify it in between).
    /// </remarks>
    /// <exception cref="ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Var<T> Mask<T>(Var<T> x, Tensor<T> mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mask);
        var shape = BroadcastPlan.ResultShape("Mask", x.Shape, mask.Shape);
        var y = x.Tape.Push(MaskOp<T>.Instance, shape, x);
        y.Saved = mask;
        T zero = T.Zero;
        SelectKernel(mask.ReadOnlySpan, mask.Shape, x.Value.ReadOnlySpan, x.Shape, new ReadOnlySpan<T>(in zero), Shape.Scalar, y.Value.Span, shape);
        return y;
    }

    private sealed class MaskOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly MaskOp<T> Instance = new();
        public override string Name => "Mask";

        public override void Backward(Var<T> y) => AccumulateSelected(y, y.A!, whereTrue: true);
    }
}
