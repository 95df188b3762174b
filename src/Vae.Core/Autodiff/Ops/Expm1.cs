using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = eˣ − 1, element-wise, accurate to a few ulp also where |x| is tiny.</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ ⊙ (y + 1), from the saved output.
    /// <para>
    /// Stability: exp(x) − 1 cancels every digit for small |x|. Kahan's formula
    /// eˣ − 1 = (u − 1) · x / ln u, with u = fl(eˣ), divides out the rounding of u, since (u − 1)/ln u
    /// varies slowly with u; u = 1 gives x, u − 1 = −1 gives −1, and u = ∞ gives ∞.
    /// <c>TensorPrimitives.ExpM1</c> and <c>double.ExpM1</c> compute exp(x) − 1 naively.
    /// </para>
    /// </remarks>
    public static Var<T> Expm1<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(Expm1Op<T>.Instance, x.Shape, x);
        Expm1Kernel(x.Value.ReadOnlySpan, y.Value.Span, x.Tape.Scratch(x.Shape).Span);
        return y;
    }

    /// <summary>
    /// y = eˣ − 1 element-wise by Kahan's formula (see <see cref="Expm1{T}"/>); <paramref name="scratch"/>
    /// is a temporary of x's length, and neither may overlap x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Expm1Kernel<T>(ReadOnlySpan<T> x, Span<T> y, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TP.Exp(x, y);
        TP.Log(y, scratch);
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var one = Vector<T>.One;
            var infinity = new Vector<T>(T.PositiveInfinity);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var xv = new Vector<T>(x.Slice(i));
                var u = new Vector<T>(y.Slice(i));
                var d = u - one;
                var r = Vector.ConditionalSelect(Vector.Equals(u, infinity), u, d * (xv / new Vector<T>(scratch.Slice(i))));
                r = Vector.ConditionalSelect(Vector.Equals(d, -one), d, r);
                Vector.ConditionalSelect(Vector.Equals(u, one), xv, r).CopyTo(y.Slice(i));
            }
        }
        for (; i < x.Length; i++)
        {
            T u = y[i], d = u - T.One;
            y[i] = u == T.One ? x[i] : d == -T.One ? d : T.IsPositiveInfinity(u) ? u : d * (x[i] / scratch[i]);
        }
    }

    private sealed class Expm1Op<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly Expm1Op<T> Instance = new();
        public override string Name => "Expm1";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            var derivative = y.Tape.Scratch(y.Shape).Span;
            TP.Add(y.Value.ReadOnlySpan, T.One, derivative);
            TP.MultiplyAdd(y.GradSpan, derivative, g, g);
        }
    }
}
