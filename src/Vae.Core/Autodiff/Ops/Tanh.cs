using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = tanh(x), element-wise, computed as sign(x) · (−u / (2 + u)) with u = expm1(−2|x|).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ ⊙ (1 − y²), from the saved output. The expm1 form keeps full relative accuracy
    /// near 0, where TensorPrimitives.Tanh for float has an absolute error of about 3e-8 (10% relative
    /// error at x = 3e-7, measured with System.Numerics.Tensors 10.0.0); for large |x|, u → −1 and
    /// y → ±1 exactly.
    /// </remarks>
    public static Var<T> Tanh<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(TanhOp<T>.Instance, x.Shape, x);
        Span<T> minusTwoAbs = x.Tape.Scratch(x.Shape).Span, scratch = x.Tape.Scratch(x.Shape).Span, u = y.Value.Span;
        TP.Abs(x.Value.ReadOnlySpan, minusTwoAbs);
        TP.Multiply(minusTwoAbs, -(T.One + T.One), minusTwoAbs);
        Expm1Kernel<T>(minusTwoAbs, u, scratch);
        TP.Add(u, T.One + T.One, scratch);
        TP.Divide(u, scratch, u);
        TP.Abs(u, scratch);
        TP.CopySign(scratch, x.Value.ReadOnlySpan, u);
        return y;
    }

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
