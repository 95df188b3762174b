using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = x for x &gt; 0, else α (eˣ − 1), element-wise, for a constant α (typically 1).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ where x &gt; 0, else ȳ ⊙ (y + α) (α eˣ from the saved output; the left derivative
    /// α is taken at x = 0). The negative branch uses <see cref="Expm1{T}"/>'s kernel, so it keeps its
    /// relative accuracy as x → 0⁻.
    /// </remarks>
    public static Var<T> Elu<T>(Var<T> x, T alpha) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(EluOp<T>.Instance, x.Shape, x);
        y.Alpha = alpha;
        ReadOnlySpan<T> source = x.Value.ReadOnlySpan;
        var target = y.Value.Span;
        Expm1Kernel(source, target, x.Tape.Scratch(x.Shape).Span);
        TP.Multiply(target, alpha, target);
        SelectWherePositive(source, source, target);
        return y;
    }

    /// <summary>d = v where x &gt; 0; d keeps its value elsewhere (the negative branch, computed beforehand).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectWherePositive<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> xv = new(x.Slice(i)), vv = new(v.Slice(i)), dv = new(d.Slice(i));
                Vector.ConditionalSelect(Vector.GreaterThan(xv, Vector<T>.Zero), vv, dv).CopyTo(d.Slice(i));
            }
        for (; i < d.Length; i++)
            if (x[i] > T.Zero) d[i] = v[i];
    }

    private sealed class EluOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly EluOp<T> Instance = new();
        public override string Name => "Elu";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            var local = y.Tape.Scratch(y.Shape).Span;
            ReadOnlySpan<T> upstream = y.GradSpan;
            TP.Add(y.Value.ReadOnlySpan, y.Alpha, local);
            TP.Multiply(local, upstream, local);
            SelectWherePositive(y.A.Value.ReadOnlySpan, upstream, local);
            TP.Add(g, local, g);
        }
    }
}
