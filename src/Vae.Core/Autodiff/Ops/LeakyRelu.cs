using System.Numerics;
using System.Runtime.CompilerServices;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = x for x &gt; 0, else s · x, element-wise, for a constant negative slope s (typically 0.01).</summary>
    /// <remarks>VJP: x̄ += ȳ where x &gt; 0, else s · ȳ (the left derivative s is taken at x = 0).</remarks>
    public static Var<T> LeakyRelu<T>(Var<T> x, T negativeSlope) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(LeakyReluOp<T>.Instance, x.Shape, x);
        y.Alpha = negativeSlope;
        LeakyReluKernel(x.Value.ReadOnlySpan, x.Value.ReadOnlySpan, y.Value.Span, negativeSlope);
        return y;
    }

    /// <summary>d = v where x &gt; 0, else s · v: the forward pass (v = x) and the VJP (v = ȳ) in one kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LeakyReluKernel<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, Span<T> d, T slope)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var s = new Vector<T>(slope);
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> xv = new(x.Slice(i)), vv = new(v.Slice(i));
                Vector.ConditionalSelect(Vector.GreaterThan(xv, Vector<T>.Zero), vv, vv * s).CopyTo(d.Slice(i));
            }
        }
        for (; i < d.Length; i++) d[i] = x[i] > T.Zero ? v[i] : v[i] * slope;
    }

    private sealed class LeakyReluOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly LeakyReluOp<T> Instance = new();
        public override string Name => "LeakyRelu";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            var local = y.Tape.Scratch(y.Shape).Span;
            LeakyReluKernel(y.A.Value.ReadOnlySpan, y.GradSpan, local, y.Alpha);
            System.Numerics.Tensors.TensorPrimitives.Add(g, local, g);
        }
    }
}
