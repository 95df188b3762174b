using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = ln σ(x) = −softplus(−x), element-wise, computed as min(x, 0) − ln(1 + e^(−|x|)): the
    /// Bernoulli log-likelihood of logits (ln(1 − σ(x)) = LogSigmoid(−x)).
    /// </summary>
    /// <remarks>
    /// VJP: x̄ += ȳ ⊙ σ(−x) (σ(−x) rather than 1 − σ(x), which loses its relative accuracy for large x).
    /// <para>
    /// Stability: as for <see cref="Softplus{T}"/>: no overflow, full relative accuracy as x → +∞ where
    /// ln σ(x) ≈ −e^(−x), and two terms of the same sign. Prefer it to Log(Sigmoid(x)), which returns
    /// −∞ once σ(x) underflows.
    /// </para>
    /// </remarks>
    public static Var<T> LogSigmoid<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(LogSigmoidOp<T>.Instance, x.Shape, x);
        var scratch = x.Tape.Scratch(x.Shape).Span;
        ReadOnlySpan<T> source = x.Value.ReadOnlySpan;
        var target = y.Value.Span;
        SoftplusOfNegativeAbs(source, target, scratch);
        TP.Min(source, T.Zero, scratch);
        TP.Subtract(scratch, target, target);
        return y;
    }

    private sealed class LogSigmoidOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly LogSigmoidOp<T> Instance = new();
        public override string Name => "LogSigmoid";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            var sigmoid = y.Tape.Scratch(y.Shape).Span;
            TP.Negate(y.A.Value.ReadOnlySpan, sigmoid);
            TP.Sigmoid(sigmoid, sigmoid);
            TP.MultiplyAdd(y.GradSpan, sigmoid, g, g);
        }
    }
}
