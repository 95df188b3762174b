using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>
/// One mini-batch from a <see cref="MiniBatcher{T}"/>: the rows' features, mask and labels, and
/// their indices in the source (for gathering rows from tensors of the same source).
/// </summary>
/// <remarks>
/// The batcher owns and reuses this object and its buffers: the next step of the enumeration
/// overwrites them. Clone what must outlive the step.
/// </remarks>
public sealed class Batch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] indices;
    private readonly int[]? labels;

    internal Batch(int count, int dimension, T[] featureStorage, T[]? maskStorage, bool hasLabels)
    {
        indices = new int[count];
        labels = hasLabels ? new int[count] : null;
        var shape = new Shape(count, dimension);
        Features = new Tensor<T>(shape, featureStorage);
        Mask = maskStorage is null ? null : new Tensor<T>(shape, maskStorage);
    }

    /// <summary>
    /// A batch holding a copy of <paramref name="features"/> ([rows, features]) and optionally a mask and
    /// labels, with indices 0..rows−1: for evaluating a training loss on data that did not come from a
    /// <see cref="MiniBatcher{T}"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The features are not rank 2, or the mask or labels do not match them.</exception>
    public static Batch<T> FromFeatures(Tensor<T> features, Tensor<T>? mask = null, IReadOnlyList<int>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Shape.Rank != 2)
            throw new ArgumentException($"Batch features must have shape [rows, features]; got {features.Shape}.", nameof(features));
        if (mask is not null && mask.Shape != features.Shape)
            throw new ArgumentException($"The mask's shape {mask.Shape} differs from the features' {features.Shape}.", nameof(mask));
        int rows = features.Shape[0], dimension = features.Shape[1];
        if (labels is not null && labels.Count != rows)
            throw new ArgumentException($"{labels.Count} labels for {rows} rows.", nameof(labels));
        var batch = new Batch<T>(rows, dimension, new T[rows * dimension], mask is null ? null : new T[rows * dimension], labels is not null);
        features.ReadOnlySpan.CopyTo(batch.Features.Span);
        mask?.ReadOnlySpan.CopyTo(batch.Mask!.Span);
        for (int i = 0; i < rows; i++)
        {
            batch.indices[i] = i;
            if (labels is not null) batch.labels![i] = labels[i];
        }
        return batch;
    }

    /// <summary>The epoch this batch belongs to.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The position of this batch in its epoch, from 0.</summary>
    public int Index { get; internal set; }

    /// <summary>The number of rows.</summary>
    public int Count => indices.Length;

    /// <summary>The source row index of each row of the batch.</summary>
    public IReadOnlyList<int> Indices => indices;

    /// <summary>The source row index of each row of the batch, as a span.</summary>
    public ReadOnlySpan<int> IndexSpan => indices;

    /// <summary>The features [Count, d] (binarised when the batcher binarises).</summary>
    public Tensor<T> Features { get; }

    /// <summary>The observed mask [Count, d], or null when the source has none.</summary>
    public Tensor<T>? Mask { get; }

    /// <summary>The labels, one per row, or null when the source has none.</summary>
    public IReadOnlyList<int>? Labels => labels;

    internal Span<int> IndexBuffer => indices;

    internal Span<int> LabelBuffer => labels;
}
