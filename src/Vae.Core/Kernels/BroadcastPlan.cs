using System.Runtime.CompilerServices;
using Vae.Core.Tensors;

namespace Vae.Core.Kernels;

/// <summary>
/// How an operand of shape <c>operand</c> is read while iterating over a broadcast result of shape
/// <c>result</c>: both padded on the left to rank 4, with stride 0 along the axes the operand repeats.
/// </summary>
/// <remarks>
/// Broadcasting follows NumPy: shapes are aligned at the last axis, and an axis of extent 1 (or a
/// missing leading axis) repeats to match the other operand. A scalar and a row vector over a batch
/// are the common cases.
/// </remarks>
internal readonly struct BroadcastPlan
{
    [InlineArray(Shape.MaxRank)]
    internal struct Dims { private int element; }

    /// <summary>The result's extents, padded to rank 4.</summary>
    public readonly Dims Extent;

    /// <summary>The operand's strides per padded axis (0 where it repeats).</summary>
    public readonly Dims Stride;

    public BroadcastPlan(Shape result, Shape operand)
    {
        int pad = Shape.MaxRank - result.Rank, opPad = Shape.MaxRank - operand.Rank;
        int stride = 1;
        for (int axis = Shape.MaxRank - 1; axis >= 0; axis--)
        {
            int n = axis >= pad ? result[axis - pad] : 1;
            int m = axis >= opPad ? operand[axis - opPad] : 1;
            Extent[axis] = n;
            Stride[axis] = m == n ? stride : 0;
            stride *= m;
        }
    }

    /// <summary>The broadcast result shape of <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="ShapeMismatchException">Some aligned axes differ and neither is 1.</exception>
    public static Shape ResultShape(string op, Shape a, Shape b)
    {
        if (a == b) return a;
        int rank = Math.Max(a.Rank, b.Rank);
        Span<int> dims = stackalloc int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1)
                throw new ShapeMismatchException(op, a, b, "cannot broadcast: aligned from the last axis, each pair must be equal or contain a 1");
            dims[i] = da == 1 ? db : da;
        }
        return new Shape(dims);
    }
}
