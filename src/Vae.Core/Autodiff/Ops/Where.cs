using System.Numerics;
using System.Runtime.CompilerServices;
using Vae.Core.Kernels;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = ifTrue where condition ≠ 0, else ifFalse, element-wise, with all three broadcast together
    /// (NumPy rules): a selection, not an arithmetic blend.
    /// </summary>
    /// <remarks>
    /// VJP: ifTrue receives Σ_broadcast ȳ where condition ≠ 0, and ifFalse receives Σ_broadcast ȳ where
    /// condition = 0.
    /// <para>
    /// Because values are copied, never multiplied by 0 or 1, a NaN or ∞ in the branch not taken does
    /// not reach y, and that branch's gradient is exactly 0 there (a blend m·a + (1 − m)·b would give
    /// NaN for both). Ops upstream of the discarded branch still multiply that 0 by their own local
    /// derivative, which is NaN where their input is out of their domain (Log of a negative number,
    /// say); guard such inputs with a second Where that replaces them by a harmless value before the op.
    /// </para>
    /// <para>
    /// A condition element selects ifTrue when it is nonzero (a NaN counts as nonzero). The condition is
    /// data, not differentiated; the backward pass reads it again, so do not modify it in between.
    /// </para>
    /// </remarks>
    /// <exception cref="ShapeMismatchException">The three shapes do not broadcast together.</exception>
    /// <exception cref="ArgumentException">The branches were recorded on different tapes.</exception>
    public static Var<T> Where<T>(Tensor<T> condition, Var<T> ifTrue, Var<T> ifFalse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(condition);
        var tape = TapeOf("Where", ifTrue, ifFalse);
        var shape = BroadcastPlan.ResultShape("Where", BroadcastPlan.ResultShape("Where", condition.Shape, ifTrue.Shape), ifFalse.Shape);
        var y = tape.Push(WhereOp<T>.Instance, shape, ifTrue, ifFalse);
        y.Saved = condition;
        SelectKernel(condition.ReadOnlySpan, condition.Shape, ifTrue.Value.ReadOnlySpan, ifTrue.Shape,
            ifFalse.Value.ReadOnlySpan, ifFalse.Shape, y.Value.Span, shape);
        return y;
    }

    /// <summary>d = c ≠ 0 ? a : b with c, a and b broadcast to <paramref name="shape"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectKernel<T>(ReadOnlySpan<T> c, Shape cShape, ReadOnlySpan<T> a, Shape aShape,
        ReadOnlySpan<T> b, Shape bShape, Span<T> d, Shape shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool aFull = aShape == shape, bFull = bShape == shape;
        if (cShape == shape && (aFull || aShape.Size == 1) && (bFull || bShape.Size == 1))
        {
            SelectDense(c, a, aFull, b, bFull, d);
            return;
        }
        var pc = new BroadcastPlan(shape, cShape);
        var pa = new BroadcastPlan(shape, aShape);
        var pb = new BroadcastPlan(shape, bShape);
        int n = pc.Extent[3], sc = pc.Stride[3], sa = pa.Stride[3], sb = pb.Stride[3], od = 0;
        for (int i0 = 0; i0 < pc.Extent[0]; i0++)
            for (int i1 = 0; i1 < pc.Extent[1]; i1++)
                for (int i2 = 0; i2 < pc.Extent[2]; i2++, od += n)
                {
                    int oc = i0 * pc.Stride[0] + i1 * pc.Stride[1] + i2 * pc.Stride[2];
                    int oa = i0 * pa.Stride[0] + i1 * pa.Stride[1] + i2 * pa.Stride[2];
                    int ob = i0 * pb.Stride[0] + i1 * pb.Stride[1] + i2 * pb.Stride[2];
                    for (int j = 0; j < n; j++)
                        d[od + j] = c[oc + j * sc] != T.Zero ? a[oa + j * sa] : b[ob + j * sb];
                }
    }

    /// <summary>d = c ≠ 0 ? a : b where c and d have one length and a, b have it too or one element each.</summary>
    private static void SelectDense<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> a, bool aFull, ReadOnlySpan<T> b, bool bFull, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d.IsEmpty) return;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> aSplat = new(a[0]), bSplat = new(b[0]);
            for (; i <= d.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var isZero = Vector.Equals(new Vector<T>(c.Slice(i)), Vector<T>.Zero);
                var av = aFull ? new Vector<T>(a.Slice(i)) : aSplat;
                var bv = bFull ? new Vector<T>(b.Slice(i)) : bSplat;
                Vector.ConditionalSelect(isZero, bv, av).CopyTo(d.Slice(i));
            }
        }
        for (; i < d.Length; i++) d[i] = c[i] != T.Zero ? a[aFull ? i : 0] : b[bFull ? i : 0];
    }

    /// <summary>
    /// input̅ += Σ_broadcast ȳ where the saved condition is nonzero (<paramref name="whereTrue"/>) or
    /// zero (otherwise): the VJP of one branch of a selection. Elements not selected add exactly 0.
    /// </summary>
    private static void AccumulateSelected<T>(Var<T> y, Var<T> input, bool whereTrue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var condition = y.Saved!;
        var selected = y.Tape.Scratch(y.Shape).Span;
        T zero = T.Zero;
        ReadOnlySpan<T> zeros = new(in zero);
        if (whereTrue)
            SelectKernel(condition.ReadOnlySpan, condition.Shape, y.GradSpan, y.Shape, zeros, Shape.Scalar, selected, y.Shape);
        else
            SelectKernel(condition.ReadOnlySpan, condition.Shape, zeros, Shape.Scalar, y.GradSpan, y.Shape, selected, y.Shape);
        BroadcastKernels.AccumulateSumTo<T>(selected, y.Shape, input.GradForAccumulation(), input.Shape);
    }

    private sealed class WhereOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly WhereOp<T> Instance = new();
        public override string Name => "Where";

        public override void Backward(Var<T> y)
        {
            if (y.A!.RequiresGrad) AccumulateSelected(y, y.A, whereTrue: true);
            if (y.B!.RequiresGrad) AccumulateSelected(y, y.B, whereTrue: false);
        }
    }
}
