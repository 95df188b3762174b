using System.Numerics;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Kernels;

/// <summary>Element-wise maps over broadcast operands, and the reduction that undoes a broadcast.</summary>
internal static class BroadcastKernels
{
    /// <summary>d = f(a, b) with <paramref name="a"/> and <paramref name="b"/> broadcast to <paramref name="shape"/>.</summary>
    public static void Map<T, TMap>(ReadOnlySpan<T> a, Shape aShape, ReadOnlySpan<T> b, Shape bShape, Span<T> d, Shape shape)
        where T : IFloatingPointIeee754<T>
        where TMap : IBinaryMap<T>
    {
        if (aShape == shape && bShape == shape)
        {
            TMap.Apply(a, b, d);
            return;
        }
        var pa = new BroadcastPlan(shape, aShape);
        var pb = new BroadcastPlan(shape, bShape);
        int n = pa.Extent[3], od = 0;
        for (int i0 = 0; i0 < pa.Extent[0]; i0++)
            for (int i1 = 0; i1 < pa.Extent[1]; i1++)
                for (int i2 = 0; i2 < pa.Extent[2]; i2++, od += n)
                {
                    int oa = i0 * pa.Stride[0] + i1 * pa.Stride[1] + i2 * pa.Stride[2];
                    int ob = i0 * pb.Stride[0] + i1 * pb.Stride[1] + i2 * pb.Stride[2];
                    var row = d.Slice(od, n);
                    bool aRow = pa.Stride[3] != 0 || n == 1, bRow = pb.Stride[3] != 0 || n == 1;
                    if (aRow && bRow) TMap.Apply(a.Slice(oa, n), b.Slice(ob, n), row);
                    else if (aRow) TMap.Apply(a.Slice(oa, n), b[ob], row);
                    else TMap.Apply(a[oa], b.Slice(ob, n), row);
                }
    }

    /// <summary>
    /// target += <paramref name="source"/> summed over the axes along which <paramref name="targetShape"/>
    /// was broadcast to <paramref name="shape"/>: the vector-Jacobian product of a broadcast.
    /// </summary>
    public static void AccumulateSumTo<T>(ReadOnlySpan<T> source, Shape shape, Span<T> target, Shape targetShape)
        where T : IFloatingPointIeee754<T>
    {
        if (targetShape == shape)
        {
            TP.Add(target, source, target);
            return;
        }
        var plan = new BroadcastPlan(shape, targetShape);
        int n = plan.Extent[3], os = 0;
        bool row = plan.Stride[3] != 0 || n == 1;
        for (int i0 = 0; i0 < plan.Extent[0]; i0++)
            for (int i1 = 0; i1 < plan.Extent[1]; i1++)
                for (int i2 = 0; i2 < plan.Extent[2]; i2++, os += n)
                {
                    int ot = i0 * plan.Stride[0] + i1 * plan.Stride[1] + i2 * plan.Stride[2];
                    var src = source.Slice(os, n);
                    if (row)
                    {
                        var dst = target.Slice(ot, n);
                        TP.Add(dst, src, dst);
                    }
                    else target[ot] += TP.Sum(src);
                }
    }
}
