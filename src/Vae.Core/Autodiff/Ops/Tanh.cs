using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = tanh(x), element-wise.</summary>
    /// <remarks>VJP: x̄ += ȳ ⊙ (1 − y²), from the saved output.</remarks>
    public static Var<T> Tanh<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(TanhOp<T>.Instance, x, TP.Tanh);

    private sealed class TanhOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly TanhOp<T> Instance = new();
        public override string Name => "Tanh";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> value = y.Value.ReadOnlySpan, upstream = y.GradSpan;
            for (int i = 0; i < g.Length; i++) g[i] += upstream[i] * (T.One - value[i] * value[i]);
        }
    }
}
