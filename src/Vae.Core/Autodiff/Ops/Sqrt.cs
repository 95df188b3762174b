using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = √x, element-wise (correctly rounded; NaN for x &lt; 0).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ / (2y), from the saved output. The derivative is infinite at x = 0, so a zero input
    /// gives an infinite gradient (NaN where ȳ = 0 too); add a small positive constant first where x
    /// can reach 0.
    /// </remarks>
    public static Var<T> Sqrt<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(SqrtOp<T>.Instance, x, TP.Sqrt);

    private sealed class SqrtOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly SqrtOp<T> Instance = new();
        public override string Name => "Sqrt";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            var quotient = y.Tape.Scratch(y.Shape).Span;
            TP.Divide(y.GradSpan, y.Value.ReadOnlySpan, quotient);
            TP.MultiplyAdd(quotient, T.CreateTruncating(0.5), g, g);
        }
    }
}
