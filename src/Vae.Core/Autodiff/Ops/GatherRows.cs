using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y[i, …] = x[rows[i], …]: selects entries along the first axis (the rows of a [n, features]
    /// tensor), in the given order, repeats allowed; y has shape [rows.Length, …]. Used to draw a
    /// mini-batch from a data set without copying it first.
    /// </summary>
    /// <remarks>
    /// VJP: x̄[rows[i], …] += ȳ[i, …], so a row selected several times accumulates the gradient of
    /// every selection. The indices are not copied (no allocation per call): the backward pass reads
    /// them again, so they must not change until it has run.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> is a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..n−1; the message names its position and value.</exception>
    public static Var<T> GatherRows<T>(Var<T> x, ReadOnlyMemory<int> rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Shape.Rank == 0)
            throw new ArgumentException($"GatherRows: x must have rank >= 1; got shape {x.Shape}.", nameof(x));
        int count = x.Shape[0], width = x.Shape.SizeAfter(0);
        var indices = rows.Span;
        for (int i = 0; i < indices.Length; i++)
            if ((uint)indices[i] >= (uint)count)
                throw new ArgumentOutOfRangeException(nameof(rows), indices[i],
                    $"GatherRows: rows[{i}] = {indices[i]} is outside 0..{count - 1} for x of shape {x.Shape}.");
        var y = x.Tape.Push(GatherRowsOp<T>.Instance, x.Shape.With(0, indices.Length), x);
        y.Indices = rows;
        ReadOnlySpan<T> source = x.Value.ReadOnlySpan;
        var target = y.Value.Span;
        if (width == 1)
            for (int i = 0; i < indices.Length; i++) target[i] = source[indices[i]];
        else
            for (int i = 0; i < indices.Length; i++)
                source.Slice(indices[i] * width, width).CopyTo(target.Slice(i * width, width));
        return y;
    }

    /// <summary><see cref="GatherRows{T}(Var{T}, ReadOnlyMemory{int})"/> with the indices in an array (not copied).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..n−1; the message names its position and value.</exception>
    public static Var<T> GatherRows<T>(Var<T> x, int[] rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rows);
        return GatherRows(x, new ReadOnlyMemory<int>(rows));
    }

    private sealed class GatherRowsOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly GatherRowsOp<T> Instance = new();
        public override string Name => "GatherRows";

        public override void Backward(Var<T> y)
        {
            var x = y.A!;
            var gx = x.GradForAccumulation();
            var gy = y.GradSpan;
            var indices = y.Indices.Span;
            int width = x.Shape.SizeAfter(0);
            if (width == 1)
            {
                for (int i = 0; i < indices.Length; i++) gx[indices[i]] += gy[i];
                return;
            }
            for (int i = 0; i < indices.Length; i++)
            {
                var target = gx.Slice(indices[i] * width, width);
                TP.Add(target, gy.Slice(i * width, width), target);
            }
        }
    }
}
