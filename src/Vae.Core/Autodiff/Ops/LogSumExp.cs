using System.Numerics;
using System.Runtime.CompilerServices;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = log Σₖ exp(x[…, k, …]) along <paramref name="axis"/> (negative counts from the end), computed
    /// as m + log s with m the maximum along the axis and s = Σₖ exp(xₖ − m) ∈ [1, n], so it neither
    /// overflows nor underflows. The axis is removed, or kept with extent 1 when <paramref name="keepDims"/>.
    /// </summary>
    /// <remarks>
    /// VJP: x̄ₖ += ȳ · softmaxₖ(x) = ȳ · exp(xₖ − m) / s, from m and s saved by the forward pass. Using
    /// m rather than y keeps the gradient accurate to a few ulps even when |y| is large (in float,
    /// y ≈ 1e4 is only known to ±5e-4, which exp(xₖ − y) would turn into a relative error of 5e-4).
    /// Infinities follow the limits: a line of all −∞ (an empty axis included) gives y = −∞ and a zero
    /// gradient (not NaN); a line containing +∞ gives y = +∞ and the gradient is shared equally by
    /// its +∞ entries (the limit of the softmax), zero elsewhere. A NaN input gives NaN.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range for the shape of <paramref name="x"/>.</exception>
    public static Var<T> LogSumExp<T>(Var<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        LogSumExpAlongAxis(LogSumExpOp<T>.Sum, x, axis, keepDims);

    /// <summary>The forward pass shared by <c>LogSumExp</c> and <c>LogMeanExp</c>: y = log((1/n)^[mean] Σₖ exp xₖ).</summary>
    private static Var<T> LogSumExpAlongAxis<T>(LogSumExpOp<T> op, Var<T> x, int axis, bool keepDims)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = AxisOf(op.Name, x.Shape, axis);
        var (outer, n, inner) = AxisLayout(x.Shape, a);
        if (op.IsMean && n == 0)
            throw new ArgumentException($"{op.Name}: axis {axis} of shape {x.Shape} is empty; the mean of no terms is undefined.", nameof(axis));
        var y = x.Tape.Push(op, ReducedShape(x.Shape, a, keepDims), x);
        y.Axis = a;
        // Saved row 0 holds the maxima m, row 1 the shifted sums s, one per result element.
        y.Saved = x.Tape.Scratch(new Shape(2, outer * inner));
        var max = y.Saved.Span[..(outer * inner)];
        var sum = y.Saved.Span[(outer * inner)..];
        var terms = x.Tape.Scratch(new Shape(inner == 1 ? n : inner)).Span;
        if (inner == 1) ShiftedSumsOfRows(x.Value.ReadOnlySpan, max, sum, terms, outer, n);
        else ShiftedSumsOfColumns(x.Value.ReadOnlySpan, max, sum, terms, outer, n, inner);
        T logN = op.IsMean ? T.Log(T.CreateChecked(n)) : T.Zero;
        var result = y.Value.Span;
        TP.Log(sum, result);
        if (op.IsMean) TP.Subtract(result, logN, result);
        TP.Add(result, max, result);
        for (int i = 0; i < result.Length; i++)
            if (!T.IsFinite(max[i])) result[i] = max[i]; // ±∞ is the limit (s is meaningless there); NaN propagates.
        return y;
    }

    /// <summary>
    /// m[o] = maxₖ x[o, k] and s[o] = Σₖ exp(x[o, k] − m[o]) for contiguous rows of length n;
    /// <paramref name="terms"/> holds n temporaries. An empty row gets m = −∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShiftedSumsOfRows<T>(ReadOnlySpan<T> x, Span<T> max, Span<T> sum, Span<T> terms, int outer, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            var line = x.Slice(o * n, n);
            max[o] = n == 0 ? T.NegativeInfinity : TP.Max(line);
            if (!T.IsFinite(max[o]))
            {
                sum[o] = T.One;
                continue;
            }
            TP.Subtract(line, max[o], terms);
            TP.Exp(terms, terms);
            sum[o] = TP.Sum(terms);
        }
    }

    /// <summary>
    /// m[o, j] = maxₖ x[o, k, j] and s[o, j] = Σₖ exp(x[o, k, j] − m[o, j]) for x laid out as
    /// [outer, n, inner], working on whole contiguous rows of length inner; <paramref name="terms"/>
    /// holds inner temporaries. An empty axis gets m = −∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShiftedSumsOfColumns<T>(ReadOnlySpan<T> x, Span<T> max, Span<T> sum, Span<T> terms, int outer, int n, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            Span<T> m = max.Slice(o * inner, inner), s = sum.Slice(o * inner, inner);
            s.Clear();
            if (n == 0)
            {
                m.Fill(T.NegativeInfinity);
                continue;
            }
            var block = x.Slice(o * n * inner, n * inner);
            block[..inner].CopyTo(m);
            for (int k = 1; k < n; k++) TP.Max(m, block.Slice(k * inner, inner), m);
            for (int k = 0; k < n; k++)
            {
                TP.Subtract(block.Slice(k * inner, inner), m, terms);
                TP.Exp(terms, terms);
                TP.Add(s, terms, s);
            }
        }
    }

    /// <summary>
    /// The gradient along one line whose maximum <paramref name="max"/> is ±∞: zero for −∞ (every
    /// term is exp(−∞)); for +∞, <paramref name="upstream"/> shared equally by the +∞ entries (the
    /// limit of the softmax), of which there is at least one.
    /// </summary>
    private static void InfiniteLogSumExpGradient<T>(ReadOnlySpan<T> x, Span<T> gx, int start, int n, int stride, T max, T upstream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsPositiveInfinity(max)) return;
        int count = 0;
        for (int k = 0; k < n; k++)
            if (T.IsPositiveInfinity(x[start + k * stride])) count++;
        T share = upstream / T.CreateChecked(count);
        for (int k = 0; k < n; k++)
            if (T.IsPositiveInfinity(x[start + k * stride])) gx[start + k * stride] += share;
    }

    /// <summary>Whether some element of <paramref name="values"/> is ±∞.</summary>
    private static bool AnyInfinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var v in values)
            if (T.IsInfinity(v)) return true;
        return false;
    }

    /// <summary>The VJP x̄ₖ += ȳ · exp(xₖ − m) / s; one instance for <c>LogSumExp</c>, one for <c>LogMeanExp</c>.</summary>
    private sealed class LogSumExpOp<T>(string name, bool isMean) : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly LogSumExpOp<T> Sum = new("LogSumExp", false);
        public static readonly LogSumExpOp<T> Mean = new("LogMeanExp", true);
        public override string Name => name;

        /// <summary>Whether log n is subtracted (the log of the mean rather than of the sum); the gradient is the same.</summary>
        public bool IsMean => isMean;

        public override void Backward(Var<T> y)
        {
            var x = y.A!;
            var (outer, n, inner) = AxisLayout(x.Shape, y.Axis);
            if (n == 0) return;
            int size = outer * inner;
            ReadOnlySpan<T> max = y.Saved!.ReadOnlySpan[..size], sum = y.Saved.ReadOnlySpan[size..];
            var gx = x.GradForAccumulation();
            var scratch = y.Tape.Scratch(inner == 1 ? new Shape(n) : new Shape(2, inner)).Span;
            if (inner == 1) BackwardRows(x.Value.ReadOnlySpan, max, sum, y.GradSpan, gx, scratch, outer, n);
            else BackwardColumns(x.Value.ReadOnlySpan, max, sum, y.GradSpan, gx, scratch, outer, n, inner);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void BackwardRows(ReadOnlySpan<T> x, ReadOnlySpan<T> max, ReadOnlySpan<T> sum, ReadOnlySpan<T> gy,
            Span<T> gx, Span<T> terms, int outer, int n)
        {
            for (int o = 0; o < outer; o++)
            {
                if (T.IsInfinity(max[o]))
                {
                    InfiniteLogSumExpGradient(x, gx, o * n, n, 1, max[o], gy[o]);
                    continue;
                }
                var g = gx.Slice(o * n, n);
                TP.Subtract(x.Slice(o * n, n), max[o], terms);
                TP.Exp(terms, terms);
                TP.MultiplyAdd(terms, gy[o] / sum[o], g, g);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void BackwardColumns(ReadOnlySpan<T> x, ReadOnlySpan<T> max, ReadOnlySpan<T> sum, ReadOnlySpan<T> gy,
            Span<T> gx, Span<T> scratch, int outer, int n, int inner)
        {
            Span<T> upstream = scratch[..inner], terms = scratch.Slice(inner, inner);
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> m = max.Slice(o * inner, inner), s = sum.Slice(o * inner, inner), g = gy.Slice(o * inner, inner);
                int start = o * n * inner;
                if (AnyInfinite(m))
                {
                    // Some line in this block has an infinite maximum: go column by column.
                    for (int j = 0; j < inner; j++)
                    {
                        if (T.IsInfinity(m[j]))
                        {
                            InfiniteLogSumExpGradient(x, gx, start + j, n, inner, m[j], g[j]);
                            continue;
                        }
                        T scale = g[j] / s[j];
                        for (int k = 0; k < n; k++)
                        {
                            int i = start + k * inner + j;
                            gx[i] += scale * T.Exp(x[i] - m[j]);
                        }
                    }
                    continue;
                }
                TP.Divide(g, s, upstream);
                for (int k = 0; k < n; k++)
                {
                    var target = gx.Slice(start + k * inner, inner);
                    TP.Subtract(x.Slice(start + k * inner, inner), m, terms);
                    TP.Exp(terms, terms);
                    TP.MultiplyAdd(terms, upstream, target, target);
                }
            }
        }
    }
}
