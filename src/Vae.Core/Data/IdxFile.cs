using System.IO.Compression;
using System.Numerics;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Data;

/// <summary>
/// Reads and writes IDX files (the MNIST format) of unsigned bytes, plain or gzip-compressed.
/// </summary>
/// <remarks>
/// Compression is recognised by the gzip magic bytes 0x1F 0x8B, not by the file name (a plain IDX
/// file starts with two zero bytes, so the two cannot be confused). Every error is an
/// <see cref="IdxFormatException"/> naming the file and the byte offset: a header that ends early, a
/// bad magic number, an unsupported data type, data shorter than the dimensions promise (truncated)
/// or longer (mis-shaped), or corrupt gzip data. To stream rows from disk without loading a file,
/// see <see cref="IdxImageSource{T}"/>.
/// </remarks>
public static class IdxFile
{
    private const int ChunkSize = 1 << 16;

    /// <summary>Reads and validates the header of <paramref name="path"/> (the data are not read or checked).</summary>
    /// <exception cref="IdxFormatException">The header is malformed or of an unsupported type.</exception>
    public static IdxHeader ReadHeader(string path)
    {
        using var stream = GzipDetection.OpenRead(path, out bool gzip);
        return IdxHeader.Read(stream, path, gzip);
    }

    /// <summary>Reads the whole file, checking that the data are exactly as long as the dimensions say.</summary>
    /// <remarks>
    /// The data are read (decompressed on the fly for gzip) straight into one array of exactly
    /// <see cref="IdxHeader.ItemCount"/> bytes: no intermediate buffer, so reading costs the file's data
    /// size and no more.
    /// </remarks>
    /// <exception cref="IdxFormatException">The file is truncated, mis-shaped, corrupt or of an unsupported type.</exception>
    public static IdxArray Read(string path)
    {
        using var stream = GzipDetection.OpenRead(path, out bool gzip);
        var header = IdxHeader.Read(stream, path, gzip);
        if (header.ItemCount > Array.MaxLength)
            throw new IdxFormatException(path, header.DataOffset, gzip,
                $"the dimensions {header} hold {header.ItemCount} bytes, more than one array can; stream it with IdxImageSource instead.");
        var data = new byte[header.ItemCount];
        int read = ReadFully(stream, data, path, header.DataOffset, gzip);
        if (read < data.Length) throw Truncated(header, read, path, gzip);
        CheckEnd(stream, header, path, gzip);
        return new IdxArray(header, data, gzip);
    }

    /// <summary>
    /// Reads a rank-1 IDX file of class labels (e.g. <c>train-labels-idx1-ubyte</c>).
    /// </summary>
    /// <exception cref="IdxFormatException">The file is malformed or not of rank 1.</exception>
    public static int[] ReadLabels(string path) => ReadLabelArray(path).Labels;

    /// <summary>
    /// Loads an image file as a dataset of rows [n, h·w] scaled to [0, 1] (each byte divided by 255),
    /// with the labels of <paramref name="labelsPath"/> when given.
    /// </summary>
    /// <exception cref="IdxFormatException">A file is malformed, or the label count differs from the image count.</exception>
    public static Dataset<T> LoadImages<T>(string imagesPath, string? labelsPath = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        return ToDataset<T>(Read(imagesPath), imagesPath, labelsPath);
    }

    /// <summary>The rows of <paramref name="images"/> scaled to [0, 1], with the labels of <paramref name="labelsPath"/> when given.</summary>
    internal static Dataset<T> ToDataset<T>(IdxArray images, string imagesPath, string? labelsPath)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var labels = labelsPath is null ? null : ReadLabelArray(labelsPath);
        labels?.CheckCount(images.Header, imagesPath);
        var features = new Tensor<T>(new Shape(images.Header.RowCount, images.Header.RowLength));
        ToUnitInterval(images.Bytes, features.Span);
        return new Dataset<T>(features, labels?.Labels);
    }

    /// <summary>
    /// Writes <paramref name="data"/> (row-major, one byte per item) as an unsigned-byte IDX file with
    /// <paramref name="dimensions"/>; gzip-compressed when <paramref name="path"/> ends in <c>.gz</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The dimensions are empty, more than 255, negative, or do not match the data length.</exception>
    public static void Write(string path, int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        if (dimensions.Length is 0 or > 255)
            throw new ArgumentException($"An IDX array has 1 to 255 dimensions; got {dimensions.Length}.", nameof(dimensions));
        long items = 1;
        foreach (int d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dimensions));
            items *= d;
        }
        if (items != data.Length)
            throw new ArgumentException(
                $"Dimensions [{string.Join(", ", dimensions)}] hold {items} items; the data have {data.Length}.", nameof(data));
        using var file = File.Create(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.SmallestSize) : (Stream)file;
        IdxHeader.Write(stream, dimensions);
        stream.Write(data);
    }

    /// <summary>
    /// Decompresses a gzip IDX file into a plain one (which <see cref="IdxImageSource{T}"/> can stream),
    /// validating it on the way.
    /// </summary>
    /// <exception cref="IdxFormatException">The source is truncated, mis-shaped, corrupt or of an unsupported type.</exception>
    public static void Decompress(string gzipPath, string destinationPath)
    {
        using var stream = GzipDetection.OpenRead(gzipPath, out bool gzip);
        var header = IdxHeader.Read(stream, gzipPath, gzip);
        using var target = File.Create(destinationPath);
        IdxHeader.Write(target, [.. header.Dimensions]);
        CopyData(stream, target, header, gzipPath, gzip);
    }

    /// <summary>Converts bytes to <typeparamref name="T"/> in [0, 1]: b / 255, correctly rounded (255 maps to exactly 1).</summary>
    internal static void ToUnitInterval<T>(ReadOnlySpan<byte> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TP.ConvertTruncating(source, destination);
        TP.Divide(destination, T.CreateTruncating(255), destination);
    }

    /// <summary>Reads a label file, checking that it has rank 1.</summary>
    internal static LabelFile ReadLabelArray(string path)
    {
        var array = Read(path);
        if (array.Header.Dimensions.Count != 1)
            throw new IdxFormatException(path, 3, array.Compressed,
                $"a label file must have 1 dimension; this one has dimensions {array.Header}.");
        var labels = new int[array.Bytes.Length];
        for (int i = 0; i < labels.Length; i++) labels[i] = array.Bytes[i];
        return new LabelFile(path, labels, array.Compressed);
    }

    /// <summary>The labels of a rank-1 IDX file, and where they came from (for error messages).</summary>
    internal sealed record LabelFile(string Path, int[] Labels, bool Compressed)
    {
        /// <summary>Throws when the label count differs from the image file's row count.</summary>
        public void CheckCount(IdxHeader images, string imagesPath)
        {
            if (Labels.Length != images.RowCount)
                throw new IdxFormatException(Path, 4, Compressed,
                    $"the file holds {Labels.Length} labels but the image file '{imagesPath}' holds {images.RowCount} images.");
        }
    }

    /// <summary>
    /// Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.
    /// Corrupt gzip data become an <see cref="IdxFormatException"/> at <paramref name="offset"/> plus what was read.
    /// </summary>
    internal static int ReadFully(Stream stream, Span<byte> buffer, string path, long offset, bool decompressed)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int read = stream.Read(buffer[total..]);
                if (read == 0) break;
                total += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, offset + total, decompressed, "corrupt gzip data: " + e.Message, e);
        }
        return total;
    }

    /// <summary>Copies exactly the header's item count of data bytes and checks that nothing follows them.</summary>
    private static void CopyData(Stream source, Stream target, IdxHeader header, string path, bool decompressed)
    {
        var chunk = new byte[(int)Math.Min(ChunkSize, Math.Max(1, header.ItemCount))];
        long copied = 0;
        while (copied < header.ItemCount)
        {
            int want = (int)Math.Min(chunk.Length, header.ItemCount - copied);
            int read = ReadFully(source, chunk.AsSpan(0, want), path, header.DataOffset + copied, decompressed);
            target.Write(chunk, 0, read);
            copied += read;
            if (read < want) throw Truncated(header, copied, path, decompressed);
        }
        CheckEnd(source, header, path, decompressed);
    }

    private static IdxFormatException Truncated(IdxHeader header, long copied, string path, bool decompressed) =>
        new(path, header.DataOffset + copied, decompressed,
            $"truncated: dimensions {header} need {header.ItemCount} data bytes from offset {header.DataOffset}, but the data end after {copied}.");

    /// <summary>Throws when a byte follows the header's item count of data bytes.</summary>
    private static void CheckEnd(Stream source, IdxHeader header, string path, bool decompressed)
    {
        long end = header.DataOffset + header.ItemCount;
        Span<byte> probe = stackalloc byte[1];
        if (ReadFully(source, probe, path, end, decompressed) != 0)
            throw new IdxFormatException(path, end, decompressed,
                $"mis-shaped: dimensions {header} say the data end here, but more bytes follow.");
    }
}
