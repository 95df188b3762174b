using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = exp(x), element-wise.</summary>
    /// <remarks>VJP: x̄ += ȳ ⊙ y (the saved output is the derivative).</remarks>
    public static Var<T> Exp<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(ExpOp<T>.Instance, x, TP.Exp);

    private sealed class ExpOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ExpOp<T> Instance = new();
        public override string Name => "Exp";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            TP.MultiplyAdd(y.GradSpan, y.Value.ReadOnlySpan, g, g);
        }
    }
}
