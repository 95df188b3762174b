using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = softplus(x) = ln(1 + eˣ), element-wise, computed as max(x, 0) + ln(1 + e^(−|x|)).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ ⊙ σ(x).
    /// <para>
    /// Stability: e^(−|x|) lies in [0, 1], so nothing overflows; the ln(1 + ·) is <see cref="Log1p{T}"/>'s
    /// kernel, which keeps full relative accuracy for x → −∞ (where softplus(x) ≈ eˣ) instead of
    /// rounding it to 0; and the two terms have the same sign, so their sum does not cancel.
    /// </para>
    /// </remarks>
    public static Var<T> Softplus<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(SoftplusOp<T>.Instance, x.Shape, x);
        var scratch = x.Tape.Scratch(x.Shape).Span;
        ReadOnlySpan<T> source = x.Value.ReadOnlySpan;
        var target = y.Value.Span;
        SoftplusOfNegativeAbs(source, target, scratch);
        TP.Max(source, T.Zero, scratch);
        TP.Add(target, scratch, target);
        return y;
    }

    /// <summary>
    /// y = ln(1 + e^(−|x|)) = softplus(−|x|), the shared tail of softplus and log-sigmoid, in [0, ln 2];
    /// <paramref name="scratch"/> is a temporary of x's length, and neither may overlap x.
    /// </summary>
    private static void SoftplusOfNegativeAbs<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TP.Abs(x, scratch);
        TP.Negate(scratch, scratch);
        TP.Exp(scratch, scratch);
        Log1pKernel<T>(scratch, y);
    }

    private sealed class SoftplusOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly SoftplusOp<T> Instance = new();
        public override string Name => "Softplus";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            var sigmoid = y.Tape.Scratch(y.Shape).Span;
            TP.Sigmoid(y.A.Value.ReadOnlySpan, sigmoid);
            TP.MultiplyAdd(y.GradSpan, sigmoid, g, g);
        }
    }
}
