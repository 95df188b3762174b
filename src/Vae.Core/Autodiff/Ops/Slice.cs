using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = x[…, start : start + length, …] along <paramref name="axis"/> (negative counts from the end;
    /// the default is the feature axis): the other axes are kept whole.
    /// </summary>
    /// <remarks>
    /// VJP: x̄[…, start + k, …] += ȳ[…, k, …]. Both directions move contiguous blocks of
    /// length·(size after the axis) elements, one per index before the axis.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range, or the slice does not lie within the axis.</exception>
    public static Var<T> Slice<T>(Var<T> x, int start, int length, int axis = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = AxisOf("Slice", x.Shape, axis), extent = x.Shape[a];
        if ((uint)start > (uint)extent)
            throw new ArgumentOutOfRangeException(nameof(start), start,
                $"Slice: start {start} is outside 0..{extent} along axis {axis} of shape {x.Shape}.");
        if ((uint)length > (uint)(extent - start))
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"Slice: length {length} from start {start} does not fit in axis {axis} (extent {extent}) of shape {x.Shape}.");
        return SliceNode(x, start, length, a);
    }

    /// <summary>Records a validated slice along the normalised axis <paramref name="axis"/>.</summary>
    private static Var<T> SliceNode<T>(Var<T> x, int start, int length, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outer, extent, inner) = AxisLayout(x.Shape, axis);
        var y = x.Tape.Push(SliceOp<T>.Instance, x.Shape.With(axis, length), x);
        y.Axis = axis;
        y.Offset = start;
        ReadOnlySpan<T> source = x.Value.ReadOnlySpan;
        var target = y.Value.Span;
        int block = length * inner;
        for (int o = 0; o < outer; o++)
            source.Slice((o * extent + start) * inner, block).CopyTo(target.Slice(o * block, block));
        return y;
    }

    private sealed class SliceOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly SliceOp<T> Instance = new();
        public override string Name => "Slice";

        public override void Backward(Var<T> y)
        {
            var x = y.A!;
            var (outer, extent, inner) = AxisLayout(x.Shape, y.Axis);
            var gx = x.GradForAccumulation();
            var gy = y.GradSpan;
            int block = y.Shape[y.Axis] * inner;
            for (int o = 0; o < outer; o++)
            {
                var target = gx.Slice((o * extent + y.Offset) * inner, block);
                TP.Add(target, gy.Slice(o * block, block), target);
            }
        }
    }
}
