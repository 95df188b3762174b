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
