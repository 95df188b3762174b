namespace Vae.Core.Data;

/// <summary>Argument checks shared by the <see cref="IRowSource{T}"/> implementations.</summary>
internal static class RowCopy
{
    /// <summary>Checks the span lengths of a <see cref="IRowSource{T}.CopyRows"/> call and every row index.</summary>
    internal static void Check<T>(IRowSource<T> source, ReadOnlySpan<int> rows, int features, int mask, int labels)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        long values = (long)rows.Length * source.Dimension;
        if (features != values)
            throw new ArgumentException($"{rows.Length} rows of {source.Dimension} features need {values} values; the span has {features}.", "features");
        if (mask != (source.HasMask ? values : 0))
            throw new ArgumentException($"The mask span must have {(source.HasMask ? values : 0)} values; it has {mask}.", nameof(mask));
        if (labels != (source.HasLabels ? rows.Length : 0))
            throw new ArgumentException($"The labels span must have {(source.HasLabels ? rows.Length : 0)} values; it has {labels}.", nameof(labels));
        foreach (int row in rows)
            if ((uint)row >= (uint)source.Count)
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside 0..{source.Count - 1}.");
    }
}
