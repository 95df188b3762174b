using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = x², element-wise.</summary>
    /// <remarks>VJP: x̄ += 2 x ⊙ ȳ.</remarks>
    public static Var<T> Square<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(SquareOp<T>.Instance, x, static (s, d) => TP.Multiply(s, s, d));

    private sealed class SquareOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly SquareOp<T> Instance = new();
        public override string Name => "Square";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> x = y.A.Value.ReadOnlySpan, upstream = y.GradSpan;
            T two = T.One + T.One;
            for (int i = 0; i < g.Length; i++) g[i] += two * x[i] * upstream[i];
        }
    }
}
