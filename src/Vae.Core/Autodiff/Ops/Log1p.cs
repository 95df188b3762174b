using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = ln(1 + x), element-wise, accurate to a few ulp also where |x| is tiny (−∞ at −1, NaN below).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ / (1 + x).
    /// <para>
    /// Stability: ln(fl(1 + x)) loses every digit of x below half an ulp of 1, and all relative accuracy
    /// well before that. Goldberg's correction ln(1 + x) = ln(u) · x / (u − 1), with u = fl(1 + x),
    /// cancels the rounding of u (u − 1 is exact near 1), and u = 1 gives ln(1 + x) = x to working
    /// precision. <c>TensorPrimitives.LogP1</c> and <c>double.LogP1</c> compute ln(x + 1) naively.
    /// </para>
    /// </remarks>
    public static Var<T> Log1p<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(Log1pOp<T>.Instance, x, Log1pKernel);

    /// <summary>y = ln(1 + x) element-wise by Goldberg's correction (see <see cref="Log1p{T}"/>); y may not overlap x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Log1pKernel<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TP.Add(x, T.One, y);
        TP.Log(y, y);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var one = Vector<T>.One;
            var infinity = new Vector<T>(T.PositiveInfinity);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var xv = new Vector<T>(x.Slice(i));
                var logU = new Vector<T>(y.Slice(i));
                var d = xv + one - one;
                var corrected = Vector.ConditionalSelect(Vector.Equals(xv, infinity), logU, logU * (xv / d));
                Vector.ConditionalSelect(Vector.Equals(d, Vector<T>.Zero), xv, corrected).CopyTo(y.Slice(i));
            }
        }
        for (; i < x.Length; i++)
        {
            T d = x[i] + T.One - T.One;
            y[i] = d == T.Zero ? x[i] : T.IsPositiveInfinity(x[i]) ? y[i] : y[i] * (x[i] / d);
        }
    }

    private sealed class Log1pOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly Log1pOp<T> Instance = new();
        public override string Name => "Log1p";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            var quotient = y.Tape.Scratch(y.Shape).Span;
            TP.Add(y.A.Value.ReadOnlySpan, T.One, quotient);
            TP.Divide(y.GradSpan, quotient, quotient);
            TP.Add(g, quotient, g);
        }
    }
}
