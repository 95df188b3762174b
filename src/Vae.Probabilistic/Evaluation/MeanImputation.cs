using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Evaluation;

/// <summary>
/// The baseline imputation: each missing entry becomes its column's mean. On standardised data
/// (mean 0, variance 1 over the observed entries) its MSE on MCAR entries is about 1.
/// </summary>
public static class MeanImputation
{
    /// <summary>x with missing entries set to the mean of their column's observed entries of x itself (0 for a column with none).</summary>
    /// <exception cref="ArgumentException">x is not [n, d], or the mask differs in shape or holds a value other than 0 and 1.</exception>
    public static Tensor<T> Impute<T>(Tensor<T> x, Tensor<T> mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x, mask);
        int d = x.Shape[1];
        var sums = new double[d];
        var counts = new int[d];
        var values = x.ReadOnlySpan;
        var m = mask.ReadOnlySpan;
        for (int i = 0; i < m.Length; i++)
            if (m[i] == T.One)
            {
                sums[i % d] += double.CreateChecked(values[i]);
                counts[i % d]++;
            }
        return Impute(x, mask, sums.Select((s, c) => counts[c] > 0 ? s / counts[c] : 0).ToArray());
    }

    /// <summary>x with missing entries set to the given column means (from a training set, say); observed entries are unchanged.</summary>
    /// <exception cref="ArgumentException">The shapes differ, a mask entry is not 0 or 1, or there is not one mean per column.</exception>
    public static Tensor<T> Impute<T>(Tensor<T> x, Tensor<T> mask, IReadOnlyList<double> columnMeans) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x, mask);
        ArgumentNullException.ThrowIfNull(columnMeans);
        int d = x.Shape[1];
        if (columnMeans.Count != d) throw new ArgumentException($"Expected {d} column means; got {columnMeans.Count}.", nameof(columnMeans));
        var result = new Tensor<T>(x.Shape);
        var values = x.ReadOnlySpan;
        var m = mask.ReadOnlySpan;
        var target = result.Span;
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] != T.Zero && m[i] != T.One) throw new ArgumentException($"Mask entry {i} is {m[i]}; mask entries must be 0 or 1.", nameof(mask));
            target[i] = m[i] == T.One ? values[i] : T.CreateChecked(columnMeans[i % d]);
        }
        return result;
    }

    private static void Check<T>(Tensor<T> x, Tensor<T> mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mask);
        if (x.Shape.Rank != 2) throw new ArgumentException($"x must have shape [n, features]; got {x.Shape}.", nameof(x));
        if (mask.Shape != x.Shape) throw new ArgumentException($"The mask has shape {mask.Shape}; x has {x.Shape}.", nameof(mask));
    }
}
