using System.Numerics;

namespace Vae.Core.Data;

/// <summary>
/// Rows of a plain (uncompressed) unsigned-byte IDX image file read from disk on demand, scaled to
/// [0, 1] exactly as <see cref="IdxFile.LoadImages{T}"/> scales them, with labels from an optional
/// label file (small, held in memory). The image data are never loaded whole.
/// </summary>
/// <remarks>
/// Each requested row is read with a positional read at <c>DataOffset + row·RowLength</c>; runs of
/// consecutive rows are read together. The byte buffer grows to the largest request and is then
/// reused, so steady-state reading allocates nothing. Random access is impossible inside a gzip
/// stream, so a compressed file is refused: decompress it once with <see cref="IdxFile.Decompress"/>.
/// Not thread-safe (one buffer); dispose to close the file.
/// </remarks>
public sealed class IdxImageSource<T> : IRowSource<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly FileStream file;
    private readonly int[]? labels;
    private byte[] buffer = [];

    /// <summary>Opens <paramref name="imagesPath"/> (and reads <paramref name="labelsPath"/> when given).</summary>
    /// <exception cref="NotSupportedException">The images file is gzip-compressed.</exception>
    /// <exception cref="IdxFormatException">A file is malformed, its length disagrees with its header, or the label count differs.</exception>
    public IdxImageSource(string imagesPath, string? labelsPath = null)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        file = new FileStream(imagesPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        try
        {
            if (GzipDetection.IsGzip(file))
                throw new NotSupportedException(
                    $"IDX file '{imagesPath}' is gzip-compressed; streaming needs random access, so decompress it once " +
                    "(IdxFile.Decompress, or gunzip) and stream the plain file.");
            Header = IdxHeader.Read(file, imagesPath, false);
            long expected = Header.DataOffset + Header.ItemCount;
            if (file.Length < expected)
                throw new IdxFormatException(imagesPath, file.Length, false,
                    $"truncated: dimensions {Header} need {Header.ItemCount} data bytes from offset {Header.DataOffset}, but the file ends here.");
            if (file.Length > expected)
                throw new IdxFormatException(imagesPath, expected, false,
                    $"mis-shaped: dimensions {Header} say the data end here, but the file is {file.Length} bytes long.");
            if (labelsPath is not null)
            {
                var labelFile = IdxFile.ReadLabelArray(labelsPath);
                labelFile.CheckCount(Header, imagesPath);
                labels = labelFile.Labels;
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
        ImagesPath = imagesPath;
    }

    /// <summary>The images file.</summary>
    public string ImagesPath { get; }

    /// <summary>The images file's header.</summary>
    public IdxHeader Header { get; }

    /// <inheritdoc />
    public int Count => Header.RowCount;

    /// <inheritdoc />
    public int Dimension => Header.RowLength;

    /// <inheritdoc />
    public bool HasLabels => labels is not null;

    /// <summary>Always false: IDX images have no missing values.</summary>
    public bool HasMask => false;

    /// <inheritdoc />
    public void CopyRows(ReadOnlySpan<int> rows, Span<T> features, Span<T> mask, Span<int> labels)
    {
        ObjectDisposedException.ThrowIf(file.SafeFileHandle.IsClosed, this);
        RowCopy.Check(this, rows, features.Length, mask.Length, labels.Length);
        int d = Dimension;
        if (buffer.Length < features.Length) buffer = new byte[features.Length];
        for (int start = 0; start < rows.Length;)
        {
            int run = 1;
            while (start + run < rows.Length && rows[start + run] == rows[start] + run) run++;
            var bytes = buffer.AsSpan(start * d, run * d);
            long offset = Header.DataOffset + (long)rows[start] * d;
            for (int done = 0; done < bytes.Length;)
            {
                int read = RandomAccess.Read(file.SafeFileHandle, bytes[done..], offset + done);
                if (read == 0)
                    throw new IdxFormatException(ImagesPath, offset + done, false, "truncated: the file became shorter after it was opened.");
                done += read;
            }
            start += run;
        }
        IdxFile.ToUnitInterval<T>(buffer.AsSpan(0, features.Length), features);
        if (this.labels is not null)
            for (int i = 0; i < rows.Length; i++) labels[i] = this.labels[rows[i]];
    }

    /// <summary>Closes the images file.</summary>
    public void Dispose() => file.Dispose();
}
