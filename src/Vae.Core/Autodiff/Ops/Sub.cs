using System.Numerics;
using Vae.Core.Kernels;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = a − b, broadcasting (NumPy rules).</summary>
    /// <remarks>VJP: ā += Σ_broadcast ȳ, b̄ −= Σ_broadcast ȳ.</remarks>
    /// <exception cref="Tensors.ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Var<T> Sub<T>(Var<T> a, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Binary<T, SubtractMap<T>>(SubOp<T>.Instance, a, b);

    private sealed class SubOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly SubOp<T> Instance = new();
        public override string Name => "Sub";

        public override void Backward(Var<T> y)
        {
            if (y.A!.RequiresGrad)
                BroadcastKernels.AccumulateSumTo<T>(y.GradSpan, y.Shape, y.A.GradForAccumulation(), y.A.Shape);
            if (y.B!.RequiresGrad)
            {
                var negated = y.Tape.Scratch(y.Shape);
                System.Numerics.Tensors.TensorPrimitives.Negate(y.GradSpan, negated.Span);
                BroadcastKernels.AccumulateSumTo<T>(negated.ReadOnlySpan, y.Shape, y.B.GradForAccumulation(), y.B.Shape);
            }
        }
    }
}
