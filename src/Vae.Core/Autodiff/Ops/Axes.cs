using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Maps a possibly negative <paramref name="axis"/> of <paramref name="shape"/> to 0..Rank-1 for the
    /// op <paramref name="op"/>, or throws naming the op, the argument and the shape.
    /// </summary>
    private static int AxisOf(string op, Shape shape, int axis)
    {
        int a = axis < 0 ? axis + shape.Rank : axis;
        if ((uint)a >= (uint)shape.Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, shape.Rank == 0
                ? $"{op}: a scalar (shape {shape}) has no axes."
                : $"{op}: axis {axis} is out of range for shape {shape}; use 0..{shape.Rank - 1} or {-shape.Rank}..-1.");
        return a;
    }

    /// <summary>
    /// A tensor of <paramref name="shape"/> seen as [outer, extent, inner] around the axis
    /// <paramref name="axis"/> (already normalised): the row-major layout every axis-wise op walks.
    /// </summary>
    private static (int Outer, int Extent, int Inner) AxisLayout(Shape shape, int axis) =>
        (shape.SizeBefore(axis), shape[axis], shape.SizeAfter(axis));

    /// <summary>
    /// The shape left after reducing <paramref name="axis"/> (normalised) of <paramref name="shape"/>:
    /// the axis becomes 1 when <paramref name="keepDims"/>, else it is removed.
    /// </summary>
    private static Shape ReducedShape(Shape shape, int axis, bool keepDims)
    {
        if (keepDims) return shape.With(axis, 1);
        Span<int> dims = stackalloc int[Shape.MaxRank];
        int rank = 0;
        for (int i = 0; i < shape.Rank; i++)
            if (i != axis) dims[rank++] = shape[i];
        return new Shape(dims[..rank]);
    }
}
