using System.Numerics;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = x^p for a constant exponent p, element-wise (<c>T.Pow</c> semantics: a negative x needs an integer p).</summary>
    /// <remarks>
    /// VJP: x̄ += p · x^(p−1) ⊙ ȳ, with x^(p−1) recomputed rather than taken as y / x, so that x = 0
    /// gives the right derivative (0 for p &gt; 1, p for p = 1); p = 0 contributes no gradient.
    /// Each element uses the scalar <c>T.Pow</c> (within an ulp), not <c>TensorPrimitives.Pow</c>,
    /// whose float kernel is several ulp off.
    /// </remarks>
    public static Var<T> Pow<T>(Var<T> x, T exponent) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(PowScalarOp<T>.Instance, x.Shape, x);
        y.Alpha = exponent;
        ReadOnlySpan<T> source = x.Value.ReadOnlySpan;
        var target = y.Value.Span;
        for (int i = 0; i < source.Length; i++) target[i] = T.Pow(source[i], exponent);
        return y;
    }

    private sealed class PowScalarOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly PowScalarOp<T> Instance = new();
        public override string Name => "Pow";

        public override void Backward(Var<T> y)
        {
            T p = y.Alpha;
            if (p == T.Zero) return;
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> x = y.A.Value.ReadOnlySpan, upstream = y.GradSpan;
            T lowered = p - T.One;
            for (int i = 0; i < g.Length; i++) g[i] += upstream[i] * p * T.Pow(x[i], lowered);
        }
    }
}
