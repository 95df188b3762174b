using System.Numerics;

namespace Vae.Core.Data;

/// <summary>
/// Iterates a row source in mini-batches, epoch by epoch: rows in the order of
/// <see cref="Shuffling.Permutation"/>(n, seed, epoch) (or in file order without shuffling),
/// optionally binarised dynamically (a fresh Bernoulli draw per value and epoch).
/// </summary>
/// <remarks>
/// <para>Batches are filled into buffers allocated once by the constructor (a full-size batch and, when
/// n is not a multiple of the batch size, a final smaller one), so an epoch allocates only its
/// enumerator, never per batch. The yielded <see cref="Batch{T}"/> is overwritten by the next step.</para>
/// <para>Determinism: batch contents are a pure function of (source, batch size, seed, epoch, options).
/// Dynamic binarisation of the value at source row r, column c in epoch e is draw r·d + c of the
/// epoch's key, identical to <see cref="Binarization.Sample{T}"/>(data, seed, e); it depends neither on
/// batch size, nor on order, nor on whether rows come from memory or disk.</para>
/// <para>One enumeration at a time: starting a second while one is running throws.</para>
/// </remarks>
public sealed class MiniBatcher<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IRowSource<T> source;
    private readonly int[] order;
    private readonly Batch<T> full;
    private readonly Batch<T>? last;
    private readonly ulong seed;
    private readonly bool shuffle;
    private readonly bool binarize;
    private bool running;

    /// <summary>Creates a batcher over <paramref name="source"/>.</summary>
    /// <param name="source">The rows (a <see cref="Dataset{T}"/>, an <see cref="ImageDataset{T}"/> or a streamed file).</param>
    /// <param name="batchSize">Rows per batch; the last batch of an epoch may be smaller unless <paramref name="dropLast"/>.</param>
    /// <param name="seed">The seed of the shuffles and binarisation draws.</param>
    /// <param name="shuffle">Whether each epoch visits the rows in a fresh random order.</param>
    /// <param name="dropLast">Whether to skip the final batch when it would be smaller than <paramref name="batchSize"/>.</param>
    /// <param name="binarize">Whether to replace each value p (which must lie in [0, 1]) by a Bernoulli(p) draw, fresh each epoch.</param>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is below 1, or an epoch would have no batch.</exception>
    public MiniBatcher(IRowSource<T> source, int batchSize, ulong seed, bool shuffle = true, bool dropLast = false, bool binarize = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int n = source.Count, d = source.Dimension;
        int fullCount = n / batchSize, remainder = n % batchSize;
        BatchCount = fullCount + (remainder > 0 && !dropLast ? 1 : 0);
        if (BatchCount == 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize),
                $"{n} rows in batches of {batchSize} with dropLast give no batch.");
        this.source = source;
        this.seed = seed;
        this.shuffle = shuffle;
        this.binarize = binarize;
        BatchSize = batchSize;
        order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int capacity = Math.Min(batchSize, n);
        var featureStorage = new T[capacity * d];
        var maskStorage = source.HasMask ? new T[capacity * d] : null;
        full = new Batch<T>(fullCount > 0 ? batchSize : remainder, d, featureStorage, maskStorage, source.HasLabels);
        if (fullCount > 0 && remainder > 0 && !dropLast)
            last = new Batch<T>(remainder, d, featureStorage, maskStorage, source.HasLabels);
    }

    /// <summary>Rows per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>The batches of epoch <paramref name="epoch"/> (each yielded object is reused; see remarks).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public IEnumerable<Batch<T>> Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Iterate(epoch);
    }

    private IEnumerable<Batch<T>> Iterate(int epoch)
    {
        if (running) throw new InvalidOperationException("This MiniBatcher is already being enumerated; finish that epoch first.");
        running = true;
        try
        {
            if (shuffle) SplitMix64.Permute(order, SplitMix64.Key(seed, DrawPurpose.Shuffle, epoch));
            ulong binarizeKey = SplitMix64.Key(seed, DrawPurpose.Binarize, epoch);
            for (int b = 0; b < BatchCount; b++)
            {
                var batch = b == BatchCount - 1 && last is not null ? last : full;
                Fill(batch, b * BatchSize, epoch, b, binarizeKey);
                yield return batch;
            }
        }
        finally
        {
            running = false;
        }
    }

    private void Fill(Batch<T> batch, int start, int epoch, int index, ulong binarizeKey)
    {
        batch.Epoch = epoch;
        batch.Index = index;
        var rows = batch.IndexBuffer;
        order.AsSpan(start, rows.Length).CopyTo(rows);
        var features = batch.Features.Span;
        source.CopyRows(rows, features, batch.Mask is null ? default : batch.Mask.Span, batch.LabelBuffer);
        if (!binarize) return;
        int d = source.Dimension;
        for (int i = 0; i < rows.Length; i++)
            Binarization.SampleInPlace(features.Slice(i * d, d), binarizeKey, (ulong)rows[i] * (ulong)d);
    }
}
