using System.Numerics;

namespace Vae.Core.Data;

/// <summary>
/// Rows of features (with an optional observed mask and optional labels) that can be copied out by
/// index: an in-memory <see cref="Dataset{T}"/>, images kept as bytes (<see cref="ImageDataset{T}"/>) or a
/// file streamed from disk (<see cref="IdxImageSource{T}"/>). <see cref="MiniBatcher{T}"/> draws its batches
/// from one; <see cref="RowSources"/> copies some rows into a <see cref="Dataset{T}"/>.
/// </summary>
public interface IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of rows.</summary>
    int Count { get; }

    /// <summary>The number of features in a row.</summary>
    int Dimension { get; }

    /// <summary>Whether rows have class labels.</summary>
    bool HasLabels { get; }

    /// <summary>Whether rows have an observed mask (1 observed, 0 missing).</summary>
    bool HasMask { get; }

    /// <summary>
    /// Copies rows <paramref name="rows"/>, in that order, into <paramref name="features"/>
    /// (rows·Dimension values), <paramref name="mask"/> (the same length, or empty when there is no
    /// mask) and <paramref name="labels"/> (one per row, or empty when there are no labels).
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside 0..Count-1.</exception>
    void CopyRows(ReadOnlySpan<int> rows, Span<T> features, Span<T> mask, Span<int> labels);
}
