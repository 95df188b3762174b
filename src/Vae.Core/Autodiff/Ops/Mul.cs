using System.Numerics;
using Vae.Core.Kernels;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = a ⊙ b (element-wise product), broadcasting (NumPy rules).</summary>
    /// <remarks>VJP: ā += Σ_broadcast ȳ ⊙ b, b̄ += Σ_broadcast ȳ ⊙ a.</remarks>
    /// <exception cref="Tensors.ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Var<T> Mul<T>(Var<T> a, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Binary<T, MultiplyMap<T>>(MulOp<T>.Instance, a, b);

    private sealed class MulOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly MulOp<T> Instance = new();
        public override string Name => "Mul";

        public override void Backward(Var<T> y)
        {
            Var<T> a = y.A!, b = y.B!;
            if (a.RequiresGrad) AccumulateProduct(a, y, b.Value.ReadOnlySpan, b.Shape);
            if (b.RequiresGrad) AccumulateProduct(b, y, a.Value.ReadOnlySpan, a.Shape);
        }
    }
}
