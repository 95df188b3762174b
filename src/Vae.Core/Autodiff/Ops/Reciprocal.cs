using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = 1 / x, element-wise (correctly rounded; ±∞ at ±0).</summary>
    /// <remarks>VJP: x̄ −= ȳ ⊙ y², from the saved output (d(1/x)/dx = −1/x² = −y²).</remarks>
    public static Var<T> Reciprocal<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(ReciprocalOp<T>.Instance, x, TP.Reciprocal);

    private sealed class ReciprocalOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ReciprocalOp<T> Instance = new();
        public override string Name => "Reciprocal";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            var product = y.Tape.Scratch(y.Shape).Span;
            ReadOnlySpan<T> value = y.Value.ReadOnlySpan;
            TP.Multiply(value, value, product);
            TP.Multiply(product, y.GradSpan, product);
            TP.Subtract(g, product, g);
        }
    }
}
