using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = max(x, 0), element-wise.</summary>
    /// <remarks>VJP: x̄ += ȳ where y &gt; 0 (the subgradient 0 is taken at x = 0).</remarks>
    public static Var<T> Relu<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(ReluOp<T>.Instance, x, static (s, d) => TP.Max(s, T.Zero, d));

    private sealed class ReluOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ReluOp<T> Instance = new();
        public override string Name => "Relu";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> value = y.Value.ReadOnlySpan, upstream = y.GradSpan;
            for (int i = 0; i < g.Length; i++)
                if (value[i] > T.Zero) g[i] += upstream[i];
        }
    }
}
