using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = min(max(x, min), max), element-wise, for constant bounds min ≤ max (NaN stays NaN).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ where min &lt; x &lt; max strictly, and nothing elsewhere: a clamped element (or one
    /// exactly on a bound) passes no gradient.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="min"/> exceeds <paramref name="max"/>, or a bound is NaN.</exception>
    public static Var<T> Clamp<T>(Var<T> x, T min, T max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!(min <= max))
            throw new ArgumentException($"Clamp needs min <= max; got min {min} and max {max}.", nameof(min));
        var y = x.Tape.Push(ClampOp<T>.Instance, x.Shape, x);
        y.Alpha = min;
        y.Beta = max;
        TP.Max(x.Value.ReadOnlySpan, min, y.Value.Span);
        TP.Min(y.Value.ReadOnlySpan, max, y.Value.Span);
        return y;
    }

    private sealed class ClampOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ClampOp<T> Instance = new();
        public override string Name => "Clamp";

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> x = y.A.Value.ReadOnlySpan, upstream = y.GradSpan;
            T min = y.Alpha, max = y.Beta;
            int i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            {
                Vector<T> low = new(min), high = new(max);
                for (; i <= g.Length - Vector<T>.Count; i += Vector<T>.Count)
                {
                    var xv = new Vector<T>(x.Slice(i));
                    var inside = Vector.GreaterThan(xv, low) & Vector.LessThan(xv, high);
                    (new Vector<T>(g.Slice(i)) + Vector.ConditionalSelect(inside, new Vector<T>(upstream.Slice(i)), Vector<T>.Zero)).CopyTo(g.Slice(i));
                }
            }
            for (; i < g.Length; i++)
                if (min < x[i] && x[i] < max) g[i] += upstream[i];
        }
    }
}
