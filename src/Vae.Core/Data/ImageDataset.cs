using System.Numerics;

namespace Vae.Core.Data;

/// <summary>
/// In-memory images kept as their raw bytes [n, d] (one unsigned byte per pixel, as an IDX file stores
/// them) with optional labels. Rows become values in [0, 1] (b / 255) only when they are copied out, so
/// the images take a quarter of the memory of a float <see cref="Dataset{T}"/> (an eighth of a double one).
/// </summary>
/// <remarks>
/// <para>Memory: Fashion-MNIST's 60000 training images are 47 MB of bytes but 188 MB as float32 and 376 MB
/// as float64. A <see cref="MiniBatcher{T}"/> or <see cref="Training.Trainer{T}"/> over this source converts only the
/// rows of the batch at hand, and a pass over the rows in chunks (<see cref="RowSources.ToDataset{T}(IRowSource{T}, int, int)"/>)
/// holds one chunk of floats at a time.</para>
/// <para>Values: <see cref="CopyRows"/> converts exactly as <see cref="IdxFile.LoadImages{T}"/> does (each
/// byte converted to <typeparamref name="T"/> and divided by 255, correctly rounded; 255 maps to exactly
/// 1), so the rows are bit-identical to those of the float dataset of the same file, and training on
/// either gives the same results. The conversion costs two vectorised passes over each batch, negligible
/// beside a training step.</para>
/// <para>The byte array is wrapped, not copied; do not change it afterwards. There is no mask: images have no
/// missing values. Reading is thread-safe (nothing is mutated).</para>
/// </remarks>
public sealed class ImageDataset<T> : IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly byte[] pixels;
    private readonly int[]? labels;

    /// <summary>Wraps <paramref name="pixels"/>: <paramref name="count"/> rows of <paramref name="dimension"/> bytes, row-major.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count or the dimension is negative.</exception>
    /// <exception cref="ArgumentException">The array does not hold count·dimension bytes, or the label count differs from the row count.</exception>
    public ImageDataset(byte[] pixels, int count, int dimension, IReadOnlyList<int>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        if ((long)count * dimension != pixels.Length)
            throw new ArgumentException($"{count} rows of {dimension} pixels need {(long)count * dimension} bytes; the array has {pixels.Length}.", nameof(pixels));
        if (labels is not null && labels.Count != count)
            throw new ArgumentException($"There are {count} rows but {labels.Count} labels.", nameof(labels));
        this.pixels = pixels;
        this.labels = labels?.ToArray();
        Count = count;
        Dimension = dimension;
    }

    private ImageDataset(byte[] pixels, int count, int dimension, int[]? labels)
    {
        this.pixels = pixels;
        this.labels = labels;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>
    /// Reads the unsigned-byte IDX file <paramref name="imagesPath"/> (plain or gzip-compressed; each row
    /// an image of the product of the dimensions after the first) and the labels of
    /// <paramref name="labelsPath"/> when given.
    /// </summary>
    /// <remarks>
    /// The data are decompressed straight into one array of exactly the image bytes (<see cref="IdxFile.Read"/>),
    /// so loading never holds more than the bytes themselves; no float copy is ever made.
    /// </remarks>
    /// <exception cref="IdxFormatException">A file is malformed (the message names it and the byte offset), or the label count differs from the image count.</exception>
    public static ImageDataset<T> Load(string imagesPath, string? labelsPath = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        return FromIdx(IdxFile.Read(imagesPath), imagesPath, labelsPath);
    }

    /// <summary>The images of <paramref name="images"/>, with the labels of <paramref name="labelsPath"/> when given.</summary>
    internal static ImageDataset<T> FromIdx(IdxArray images, string imagesPath, string? labelsPath)
    {
        var labelFile = labelsPath is null ? null : IdxFile.ReadLabelArray(labelsPath);
        labelFile?.CheckCount(images.Header, imagesPath);
        return new ImageDataset<T>(images.Bytes, images.Header.RowCount, images.Header.RowLength, labelFile?.Labels);
    }

    /// <summary>The pixels [n, d], row-major, one byte each.</summary>
    public ReadOnlyMemory<byte> Pixels => pixels;

    /// <summary>The class labels, one per row, or null.</summary>
    public IReadOnlyList<int>? Labels => labels;

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public bool HasLabels => labels is not null;

    /// <summary>Always false: images have no missing values.</summary>
    public bool HasMask => false;

    /// <inheritdoc />
    /// <remarks>Each run of consecutive row indices is converted in one call; bytes b become b / 255.</remarks>
    public void CopyRows(ReadOnlySpan<int> rows, Span<T> features, Span<T> mask, Span<int> labels)
    {
        RowCopy.Check(this, rows, features.Length, mask.Length, labels.Length);
        int d = Dimension;
        for (int start = 0; start < rows.Length;)
        {
            int run = 1;
            while (start + run < rows.Length && rows[start + run] == rows[start] + run) run++;
            IdxFile.ToUnitInterval(pixels.AsSpan(rows[start] * d, run * d), features.Slice(start * d, run * d));
            start += run;
        }
        if (this.labels is not null)
            for (int i = 0; i < rows.Length; i++) labels[i] = this.labels[rows[i]];
    }

    /// <summary>
    /// A new image dataset of rows <paramref name="rows"/> (their bytes and labels copied, in that order,
    /// repeats allowed): a subset at one byte per pixel. For a float copy of some rows use
    /// <see cref="RowSources.ToDataset{T}(IRowSource{T}, IReadOnlyList{int})"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside 0..Count-1.</exception>
    public ImageDataset<T> Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int d = Dimension;
        var selected = new byte[(long)rows.Count * d];
        var selectedLabels = labels is null ? null : new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            int row = rows[i];
            if ((uint)row >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside 0..{Count - 1}.");
            pixels.AsSpan(row * d, d).CopyTo(selected.AsSpan(i * d, d));
            if (selectedLabels is not null) selectedLabels[i] = labels![row];
        }
        return new ImageDataset<T>(selected, rows.Count, d, selectedLabels);
    }

    /// <summary>The shape, and whether labels are present.</summary>
    public override string ToString() => $"ImageDataset<{typeof(T).Name}>[{Count}, {Dimension}]{(HasLabels ? " labelled" : "")}";
}
