using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = ln x, element-wise (−∞ at 0, NaN below).</summary>
    /// <remarks>VJP: x̄ += ȳ / x. Prefer <c>Log1p</c>, <c>LogSigmoid</c> or <c>Softplus</c> where they apply.</remarks>
    public static Var<T> Log<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(LogOp<T>.Instance, x, TP.Log);

    private sealed class LogOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly LogOp<T> Instance = new();
        public override string Name => "Log";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> x = y.A.Value.ReadOnlySpan, upstream = y.GradSpan;
            for (int i = 0; i < g.Length; i++) g[i] += upstream[i] / x[i];
        }
    }
}
