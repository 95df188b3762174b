using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>Copies of some rows of any <see cref="IRowSource{T}"/> as an in-memory <see cref="Dataset{T}"/>.</summary>
/// <remarks>
/// These let code that needs tensors (an evaluation, a reconstruction) work through a large compact
/// source such as an <see cref="ImageDataset{T}"/> chunk by chunk, holding the values of one chunk at a
/// time rather than of the whole source. The rows are those <see cref="IRowSource{T}.CopyRows"/> gives,
/// so the values equal the source's bit for bit.
/// </remarks>
public static class RowSources
{
    /// <summary>A new dataset of rows <paramref name="rows"/> of <paramref name="source"/> (copied, in that order, repeats allowed), with its labels and mask.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside 0..Count-1.</exception>
    public static Dataset<T> ToDataset<T>(this IRowSource<T> source, IReadOnlyList<int> rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rows);
        return Copy(source, [.. rows]);
    }

    /// <summary>A new dataset of the <paramref name="count"/> consecutive rows of <paramref name="source"/> from row <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="count"/> is negative, or the rows run past the end.</exception>
    public static Dataset<T> ToDataset<T>(this IRowSource<T> source, int start, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)start + count > source.Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows {start} to {(long)start + count - 1} run past the last row, {source.Count - 1}.");
        var rows = new int[count];
        for (int i = 0; i < count; i++) rows[i] = start + i;
        return Copy(source, rows);
    }

    /// <summary>
    /// The first <paramref name="count"/> rows of <paramref name="source"/> as a dataset: the source itself
    /// when it is a <see cref="Dataset{T}"/> of exactly that many rows, else a copy (<see cref="ToDataset{T}(IRowSource{T}, int, int)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above the row count.</exception>
    public static Dataset<T> FirstRows<T>(this IRowSource<T> source, int count) where T : unmanaged, IFloatingPointIeee754<T> =>
        source is Dataset<T> whole && count == whole.Count ? whole : source.ToDataset(0, count);

    private static Dataset<T> Copy<T>(IRowSource<T> source, int[] rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var features = new Tensor<T>(new Shape(rows.Length, source.Dimension));
        var mask = source.HasMask ? new Tensor<T>(features.Shape) : null;
        var labels = source.HasLabels ? new int[rows.Length] : null;
        source.CopyRows(rows, features.Span, mask is null ? default : mask.Span, labels);
        return new Dataset<T>(features, labels, mask);
    }
}
