using System.Numerics;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Cuts <paramref name="x"/> along <paramref name="axis"/> (negative counts from the end; the default
    /// is the feature axis) into consecutive parts of extents <paramref name="sizes"/>, which must add
    /// up to the extent of the axis: e.g. an encoder output [batch, 2d] into loc and log-variance with
    /// <c>Split(h, [d, d])</c>.
    /// </summary>
    /// <remarks>
    /// Each part is a <see cref="Slice{T}"/> node, so the VJP of part i adds its gradient into its own
    /// block of x̄. The result is a new array of parts; a hot loop that wants no allocation at all
    /// calls <see cref="Slice{T}"/> once per part instead. <see cref="Concat{T}"/> is the inverse.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range.</exception>
    /// <exception cref="ArgumentException">A size is negative, or the sizes do not add up to the extent of the axis.</exception>
    public static IReadOnlyList<Var<T>> Split<T>(Var<T> x, int[] sizes, int axis = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(sizes);
        int a = AxisOf("Split", x.Shape, axis), total = 0;
        foreach (int size in sizes)
        {
            if (size < 0)
                throw new ArgumentException($"Split: sizes [{string.Join(", ", sizes)}] contain a negative size (x has shape {x.Shape}).", nameof(sizes));
            total += size;
        }
        if (total != x.Shape[a])
            throw new ArgumentException(
                $"Split: sizes [{string.Join(", ", sizes)}] add up to {total}, but axis {axis} of shape {x.Shape} has extent {x.Shape[a]}.", nameof(sizes));
        var parts = new Var<T>[sizes.Length];
        for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++)
            parts[i] = SliceNode(x, start, sizes[i], a);
        return parts;
    }
}
