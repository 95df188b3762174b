using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = σ(x) = 1 / (1 + e^(−x)), element-wise.</summary>
    /// <remarks>VJP: x̄ += ȳ ⊙ y ⊙ (1 − y), from the saved output. For log σ use <c>LogSigmoid</c>, not Log(Sigmoid(x)).</remarks>
    public static Var<T> Sigmoid<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(SigmoidOp<T>.Instance, x, TP.Sigmoid);

    private sealed class SigmoidOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly SigmoidOp<T> Instance = new();
        public override string Name => "Sigmoid";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> value = y.Value.ReadOnlySpan, upstream = y.GradSpan;
            for (int i = 0; i < g.Length; i++) g[i] += upstream[i] * value[i] * (T.One - value[i]);
        }
    }
}
