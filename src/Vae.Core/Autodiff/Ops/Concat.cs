using System.Numerics;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Joins <paramref name="parts"/> end to end along <paramref name="axis"/> (negative counts from the
    /// end; the default is the feature axis). The parts must share their rank and every extent but
    /// that of the axis, e.g. <c>Concat([z, y])</c> conditions a decoder on a label.
    /// </summary>
    /// <remarks>
    /// VJP: each part's gradient is its own block of ȳ (the inverse of <see cref="Split{T}"/>). A node
    /// holds at most three inputs, so more than three parts are joined by a chain of nodes that each
    /// append two more; one to three parts make one node.
    /// </remarks>
    /// <exception cref="ArgumentException">No parts, or parts recorded on different tapes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range for the parts' rank.</exception>
    /// <exception cref="ShapeMismatchException">Two parts differ in rank or in an extent other than that of the axis.</exception>
    public static Var<T> Concat<T>(IReadOnlyList<Var<T>> parts, int axis = -1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
            throw new ArgumentException("Concat: needs at least one part; got none.", nameof(parts));
        var first = parts[0] ?? throw new ArgumentNullException(nameof(parts), "Concat: part 0 is null.");
        int a = AxisOf("Concat", first.Shape, axis);
        for (int i = 1; i < parts.Count; i++)
        {
            var part = parts[i] ?? throw new ArgumentNullException(nameof(parts), $"Concat: part {i} is null.");
            TapeOf("Concat", first, part);
            if (part.Shape.Rank != first.Shape.Rank || part.Shape.With(a, 0) != first.Shape.With(a, 0))
                throw new ShapeMismatchException("Concat", first.Shape, part.Shape,
                    $"part {i} must match part 0 in rank and on every axis except axis {axis}");
        }
        var result = ConcatNode(first, parts.Count > 1 ? parts[1] : null, parts.Count > 2 ? parts[2] : null, a);
        for (int i = 3; i < parts.Count; i += 2)
            result = ConcatNode(result, parts[i], i + 1 < parts.Count ? parts[i + 1] : null, a);
        return result;
    }

    /// <summary>Records the concatenation of one to three validated parts along the normalised axis.</summary>
    private static Var<T> ConcatNode<T>(Var<T> a, Var<T>? b, Var<T>? c, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int extent = a.Shape[axis] + (b?.Shape[axis] ?? 0) + (c?.Shape[axis] ?? 0);
        var y = a.Tape.Push(ConcatOp<T>.Instance, a.Shape.With(axis, extent), a, b, c);
        y.Axis = axis;
        var (outer, _, inner) = AxisLayout(y.Shape, axis);
        var target = y.Value.Span;
        int offset = 0;
        foreach (var part in (ReadOnlySpan<Var<T>?>)[a, b, c])
        {
            if (part is null) continue;
            int block = part.Shape[axis] * inner;
            ReadOnlySpan<T> source = part.Value.ReadOnlySpan;
            for (int o = 0; o < outer; o++)
                source.Slice(o * block, block).CopyTo(target.Slice(o * extent * inner + offset, block));
            offset += block;
        }
        return y;
    }

    private sealed class ConcatOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ConcatOp<T> Instance = new();
        public override string Name => "Concat";

        public override void Backward(Var<T> y)
        {
            var (outer, extent, inner) = AxisLayout(y.Shape, y.Axis);
            var gy = y.GradSpan;
            int offset = 0;
            foreach (var part in (ReadOnlySpan<Var<T>?>)[y.A, y.B, y.C])
            {
                if (part is null) continue;
                int block = part.Shape[y.Axis] * inner;
                if (part.RequiresGrad)
                {
                    var g = part.GradForAccumulation();
                    for (int o = 0; o < outer; o++)
                    {
                        var target = g.Slice(o * block, block);
                        TP.Add(target, gy.Slice(o * extent * inner + offset, block), target);
                    }
                }
                offset += block;
            }
        }
    }
}
