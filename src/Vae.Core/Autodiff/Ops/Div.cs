using System.Numerics;
using Vae.Core.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = a / b (element-wise), broadcasting (NumPy rules).</summary>
    /// <remarks>VJP: ā += Σ_broadcast ȳ / b, b̄ −= Σ_broadcast ȳ ⊙ y / b (using ∂(a/b)/∂b = −a/b² = −y/b).</remarks>
    /// <exception cref="Tensors.ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Var<T> Div<T>(Var<T> a, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Binary<T, DivideMap<T>>(DivOp<T>.Instance, a, b);

    private sealed class DivOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly DivOp<T> Instance = new();
        public override string Name => "Div";

        public override void Backward(Var<T> y)
        {
            Var<T> a = y.A!, b = y.B!;
            var quotient = y.Tape.Scratch(y.Shape);
            BroadcastKernels.Map<T, DivideMap<T>>(y.GradSpan, y.Shape, b.Value.ReadOnlySpan, b.Shape, quotient.Span, y.Shape);
            if (a.RequiresGrad)
                BroadcastKernels.AccumulateSumTo<T>(quotient.ReadOnlySpan, y.Shape, a.GradForAccumulation(), a.Shape);
            if (b.RequiresGrad)
            {
                TP.Multiply(quotient.ReadOnlySpan, y.Value.ReadOnlySpan, quotient.Span);
                TP.Negate(quotient.ReadOnlySpan, quotient.Span);
                BroadcastKernels.AccumulateSumTo<T>(quotient.ReadOnlySpan, y.Shape, b.GradForAccumulation(), b.Shape);
            }
        }
    }
}
