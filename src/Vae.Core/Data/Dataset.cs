using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>
/// An in-memory dataset: features [n, d], optional integer labels (one per row) and an optional
/// observed mask [n, d] (1 observed, 0 missing).
/// </summary>
/// <remarks>
/// Invariants, checked on construction: features are finite; mask entries are exactly 0 or 1; a
/// missing entry's feature is 0 (zero-filled). Missing values are therefore never NaN: code that
/// ignores the mask sees zeros, and masked likelihoods multiply by the mask. The features and mask
/// tensors are wrapped, not copied; transformations (<see cref="Standardizer"/>,
/// <see cref="Binarization"/>, <see cref="Missingness"/>, …) return new datasets.
/// </remarks>
public sealed class Dataset<T> : IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[]? labels;

    /// <summary>Creates a dataset, checking the invariants.</summary>
    /// <exception cref="ArgumentException">
    /// Features are not rank 2 or not finite; the label count differs from the row count; the mask's
    /// shape differs, holds a value other than 0 and 1, or a missing entry's feature is not 0.
    /// </exception>
    public Dataset(Tensor<T> features, IReadOnlyList<int>? labels = null, Tensor<T>? mask = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Shape.Rank != 2)
            throw new ArgumentException($"Features must be [rows, features]; got shape {features.Shape}.", nameof(features));
        int d = features.Shape[1];
        var x = features.ReadOnlySpan;
        for (int i = 0; i < x.Length; i++)
            if (!T.IsFinite(x[i]))
                throw new ArgumentException(
                    $"Feature [{i / d}, {i % d}] is {x[i]}; features must be finite (mark missing values with a mask and 0).", nameof(features));
        if (labels is not null && labels.Count != features.Shape[0])
            throw new ArgumentException($"There are {features.Shape[0]} rows but {labels.Count} labels.", nameof(labels));
        if (mask is not null) CheckMask(features, mask);
        Features = features;
        this.labels = labels?.ToArray();
        Mask = mask;
    }

    /// <summary>The features [n, d].</summary>
    public Tensor<T> Features { get; }

    /// <summary>The class labels, one per row, or null.</summary>
    public IReadOnlyList<int>? Labels => labels;

    /// <summary>The observed mask [n, d] (1 observed, 0 missing), or null when every value is observed.</summary>
    public Tensor<T>? Mask { get; }

    /// <inheritdoc />
    public int Count => Features.Shape[0];

    /// <inheritdoc />
    public int Dimension => Features.Shape[1];

    /// <inheritdoc />
    public bool HasLabels => labels is not null;

    /// <inheritdoc />
    public bool HasMask => Mask is not null;

    /// <inheritdoc />
    public void CopyRows(ReadOnlySpan<int> rows, Span<T> features, Span<T> mask, Span<int> labels)
    {
        RowCopy.Check(this, rows, features.Length, mask.Length, labels.Length);
        int d = Dimension;
        var x = Features.ReadOnlySpan;
        for (int i = 0; i < rows.Length; i++) x.Slice(rows[i] * d, d).CopyTo(features.Slice(i * d, d));
        if (Mask is not null)
        {
            var m = Mask.ReadOnlySpan;
            for (int i = 0; i < rows.Length; i++) m.Slice(rows[i] * d, d).CopyTo(mask.Slice(i * d, d));
        }
        if (this.labels is not null)
            for (int i = 0; i < rows.Length; i++) labels[i] = this.labels[rows[i]];
    }

    /// <summary>A new dataset of rows <paramref name="rows"/> (copied, in that order, repeats allowed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside 0..Count-1.</exception>
    public Dataset<T> Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var index = rows.ToArray();
        var features = new Tensor<T>(new Shape(index.Length, Dimension));
        var mask = Mask is null ? null : new Tensor<T>(features.Shape);
        var selected = this.labels is null ? null : new int[index.Length];
        CopyRows(index, features.Span, mask is null ? default : mask.Span, selected);
        return new Dataset<T>(features, selected, mask);
    }

    /// <summary>
    /// Splits the rows at random into a test part of round(<paramref name="testFraction"/>·n) rows
    /// (halves rounded away from zero) and a training part of the rest; each part keeps the original
    /// row order. Deterministic in <paramref name="seed"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Either part would be empty.</exception>
    public TrainTestSplit<T> Split(double testFraction, ulong seed)
    {
        int testCount = double.IsFinite(testFraction)
            ? (int)Math.Round(testFraction * Count, MidpointRounding.AwayFromZero) : -1;
        if (testCount < 1 || testCount > Count - 1)
            throw new ArgumentOutOfRangeException(nameof(testFraction),
                $"A test fraction of {testFraction} of {Count} rows leaves a part empty; each part needs at least one row.");
        var order = new int[Count];
        SplitMix64.Permute(order, SplitMix64.Key(seed, DrawPurpose.Split, 0));
        var test = order[..testCount];
        var train = order[testCount..];
        Array.Sort(test);
        Array.Sort(train);
        return new TrainTestSplit<T>(Select(train), Select(test), train, test);
    }

    /// <summary>A copy with features (and mask) converted to <typeparamref name="TOther"/>.</summary>
    public Dataset<TOther> Cast<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther> =>
        new(Features.Cast<TOther>(), labels, Mask?.Cast<TOther>());

    /// <summary>The shape, and whether labels and a mask are present.</summary>
    public override string ToString() =>
        $"Dataset<{typeof(T).Name}>[{Count}, {Dimension}]{(HasLabels ? " labelled" : "")}{(HasMask ? " masked" : "")}";

    private static void CheckMask(Tensor<T> features, Tensor<T> mask)
    {
        if (mask.Shape != features.Shape)
            throw new ArgumentException($"The mask has shape {mask.Shape}; the features have {features.Shape}.", nameof(mask));
        int d = features.Shape[1];
        var m = mask.ReadOnlySpan;
        var x = features.ReadOnlySpan;
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] != T.Zero && m[i] != T.One)
                throw new ArgumentException($"Mask entry [{i / d}, {i % d}] is {m[i]}; mask entries must be 0 or 1.", nameof(mask));
            if (m[i] == T.Zero && x[i] != T.Zero)
                throw new ArgumentException(
                    $"Feature [{i / d}, {i % d}] is missing (mask 0) but holds {x[i]}; missing features must be 0.", nameof(mask));
        }
    }
}
