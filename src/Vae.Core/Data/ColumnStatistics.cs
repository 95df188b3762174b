using System.Numerics;

namespace Vae.Core.Data;

/// <summary>Per-column statistics over the observed entries of a dataset, in double precision.</summary>
internal static class ColumnStatistics
{
    /// <summary>Mean and population standard deviation (divisor = observed count), two-pass; 0 and 0 for a column with no observed value.</summary>
    internal static (double[] Mean, double[] Std) MeanStd<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.Count, d = data.Dimension;
        var x = data.Features.ReadOnlySpan;
        var m = data.Mask is null ? default : data.Mask.ReadOnlySpan;
        var count = new long[d];
        var mean = new double[d];
        var std = new double[d];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < d; c++)
            {
                int i = r * d + c;
                if (!m.IsEmpty && m[i] == T.Zero) continue;
                count[c]++;
                mean[c] += double.CreateTruncating(x[i]);
            }
        for (int c = 0; c < d; c++) mean[c] = count[c] > 0 ? mean[c] / count[c] : 0;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < d; c++)
            {
                int i = r * d + c;
                if (!m.IsEmpty && m[i] == T.Zero) continue;
                double delta = double.CreateTruncating(x[i]) - mean[c];
                std[c] += delta * delta;
            }
        for (int c = 0; c < d; c++) std[c] = count[c] > 0 ? Math.Sqrt(std[c] / count[c]) : 0;
        return (mean, std);
    }

    /// <summary>Minimum and maximum of each column's observed values; 0 and 0 for a column with no observed value.</summary>
    internal static (double[] Min, double[] Max) MinMax<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.Count, d = data.Dimension;
        var x = data.Features.ReadOnlySpan;
        var m = data.Mask is null ? default : data.Mask.ReadOnlySpan;
        var min = new double[d];
        var max = new double[d];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (int r = 0; r < n; r++)
            for (int c = 0; c < d; c++)
            {
                int i = r * d + c;
                if (!m.IsEmpty && m[i] == T.Zero) continue;
                double v = double.CreateTruncating(x[i]);
                min[c] = Math.Min(min[c], v);
                max[c] = Math.Max(max[c], v);
            }
        for (int c = 0; c < d; c++)
            if (min[c] > max[c]) min[c] = max[c] = 0;
        return (min, max);
    }

    /// <summary>
    /// A new dataset whose observed entries are (x - shift[c]) / divisor[c], computed in double and
    /// rounded once; missing entries stay 0; labels and mask are kept.
    /// </summary>
    internal static Dataset<T> Affine<T>(Dataset<T> data, double[] shift, double[] divisor, string fittedOn)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.Count, d = data.Dimension;
        if (d != shift.Length)
            throw new ArgumentException($"The {fittedOn} was fitted on {shift.Length} features; this dataset has {d}.", nameof(data));
        var x = data.Features.ReadOnlySpan;
        var m = data.Mask is null ? default : data.Mask.ReadOnlySpan;
        var y = new Tensors.Tensor<T>(data.Features.Shape);
        var target = y.Span;
        for (int r = 0; r < n; r++)
            for (int c = 0; c < d; c++)
            {
                int i = r * d + c;
                target[i] = !m.IsEmpty && m[i] == T.Zero
                    ? T.Zero
                    : T.CreateTruncating((double.CreateTruncating(x[i]) - shift[c]) / divisor[c]);
            }
        return new Dataset<T>(y, data.Labels, data.Mask);
    }
}
