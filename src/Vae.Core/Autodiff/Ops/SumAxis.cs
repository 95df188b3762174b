using System.Numerics;
using System.Runtime.CompilerServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = Σₖ x[…, k, …] along <paramref name="axis"/> (negative counts from the end). The axis is
    /// removed, or kept with extent 1 when <paramref name="keepDims"/>. An empty axis sums to 0.
    /// </summary>
    /// <remarks>
    /// VJP: x̄[…, k, …] += ȳ[…] for every k (ȳ broadcast back along the axis).
    /// The common cases are fast: the last axis (per-row sums of [batch, features]) is one
    /// <c>TensorPrimitives.Sum</c> per contiguous row, and any other axis (column sums over the
    /// batch) accumulates whole contiguous rows with <c>TensorPrimitives.Add</c>.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range for the shape of <paramref name="x"/>.</exception>
    public static Var<T> Sum<T>(Var<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        ReduceAlongAxis(AxisSumOp<T>.Sum, x, axis, keepDims);

    /// <summary>The forward pass shared by <c>Sum</c> and <c>Mean</c> along an axis: y = scale · Σₖ x[…, k, …].</summary>
    private static Var<T> ReduceAlongAxis<T>(AxisSumOp<T> op, Var<T> x, int axis, bool keepDims)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = AxisOf(op.Name, x.Shape, axis);
        var (outer, n, inner) = AxisLayout(x.Shape, a);
        if (op.IsMean && n == 0)
            throw new ArgumentException($"{op.Name}: axis {axis} of shape {x.Shape} is empty; the mean of no terms is undefined.", nameof(axis));
        var y = x.Tape.Push(op, ReducedShape(x.Shape, a, keepDims), x);
        y.Axis = a;
        y.Alpha = op.IsMean ? T.One / T.CreateChecked(n) : T.One;
        SumAlongAxis(x.Value.ReadOnlySpan, y.Value.Span, outer, n, inner);
        if (op.IsMean) TP.Multiply(y.Value.ReadOnlySpan, y.Alpha, y.Value.Span);
        return y;
    }

    /// <summary>y[o, j] = Σₖ x[o, k, j] for x laid out as [outer, n, inner].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SumAlongAxis<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) y[o] = TP.Sum(x.Slice(o * n, n));
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            var sum = y.Slice(o * inner, inner);
            var block = x.Slice(o * n * inner, n * inner);
            if (n == 0)
            {
                sum.Clear();
                continue;
            }
            block[..inner].CopyTo(sum);
            for (int k = 1; k < n; k++) TP.Add(sum, block.Slice(k * inner, inner), sum);
        }
    }

    /// <summary>x̄[o, k, j] += scale · ȳ[o, j] for every k, x̄ laid out as [outer, n, inner].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateAlongAxis<T>(ReadOnlySpan<T> gy, T scale, Span<T> gx, int outer, int n, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = gx.Slice(o * n, n);
                TP.Add(row, scale * gy[o], row);
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            var source = gy.Slice(o * inner, inner);
            for (int k = 0; k < n; k++)
            {
                var row = gx.Slice((o * n + k) * inner, inner);
                if (scale == T.One) TP.Add(row, source, row);
                else TP.MultiplyAdd(source, scale, row, row);
            }
        }
    }

    /// <summary>The VJP of a scaled sum along an axis; one instance for <c>Sum</c>, one for <c>Mean</c>.</summary>
    private sealed class AxisSumOp<T>(string name, bool isMean) : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly AxisSumOp<T> Sum = new("Sum", false);
        public static readonly AxisSumOp<T> Mean = new("Mean", true);
        public override string Name => name;

        /// <summary>Whether the sum is divided by the extent of the axis.</summary>
        public bool IsMean => isMean;

        public override void Backward(Var<T> y)
        {
            var x = y.A!;
            var (outer, n, inner) = AxisLayout(x.Shape, y.Axis);
            AccumulateAlongAxis(y.GradSpan, y.Alpha, x.GradForAccumulation(), outer, n, inner);
        }
    }
}
