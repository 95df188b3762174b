using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = |x|, element-wise.</summary>
    /// <remarks>VJP: x̄ += sign(x) ⊙ ȳ, taking the subgradient 0 at x = 0 (and for NaN x).</remarks>
    public static Var<T> Abs<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(AbsOp<T>.Instance, x, TP.Abs);

    private sealed class AbsOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly AbsOp<T> Instance = new();
        public override string Name => "Abs";

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> x = y.A.Value.ReadOnlySpan, upstream = y.GradSpan;
            int i = 0;
            if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
                for (; i <= g.Length - Vector<T>.Count; i += Vector<T>.Count)
                {
                    Vector<T> xv = new(x.Slice(i)), u = new(upstream.Slice(i));
                    var signed = Vector.ConditionalSelect(Vector.GreaterThan(xv, Vector<T>.Zero), u,
                        Vector.ConditionalSelect(Vector.LessThan(xv, Vector<T>.Zero), -u, Vector<T>.Zero));
                    (new Vector<T>(g.Slice(i)) + signed).CopyTo(g.Slice(i));
                }
            for (; i < g.Length; i++)
                g[i] += x[i] > T.Zero ? upstream[i] : x[i] < T.Zero ? -upstream[i] : T.Zero;
        }
    }
}
