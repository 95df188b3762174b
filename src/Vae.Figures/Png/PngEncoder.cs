using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace Vae.Figures.Png;

/// <summary>
/// Writes PNG files (W3C PNG specification, 2nd edition): signature, IHDR, a single IDAT holding the zlib
/// stream of the filtered scanlines, IEND; each chunk is length, type, data, CRC-32 of type and data.
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Encodes 8-bit samples, row-major (already validated by <see cref="PngImage"/>).</summary>
    public static byte[] Encode(int width, int height, PngColorType colorType, byte[] pixels, PngFilterMode mode)
    {
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown PNG filter mode.");
        int channels = colorType == PngColorType.Rgb ? 3 : 1;
        using var file = new MemoryStream();
        file.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(0), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;                 // bit depth
        header[9] = (byte)colorType;   // colour type
        header[10] = 0;                // compression method: deflate
        header[11] = 0;                // filter method: adaptive, five types
        header[12] = 0;                // no interlace
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", Compress(width, height, channels, pixels, mode));
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Initial, typeBytes), data)));
        output.Write(word);
    }

    /// <summary>The zlib stream of all scanlines, each a filter-type byte followed by the filtered row.</summary>
    private static byte[] Compress(int width, int height, int channels, byte[] pixels, PngFilterMode mode)
    {
        int stride = width * channels;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var prior = new byte[stride];
            var lines = new byte[5][];
            for (int f = 0; f < 5; f++) lines[f] = new byte[stride + 1];
            for (int y = 0; y < height; y++)
            {
                var row = pixels.AsSpan(y * stride, stride);
                byte[] line = mode == PngFilterMode.Adaptive ? Best(row, prior, channels, lines) : lines[0];
                if (mode != PngFilterMode.Adaptive) Filter((byte)(mode - PngFilterMode.None), row, prior, channels, line);
                zlib.Write(line);
                row.CopyTo(prior);
            }
        }
        return compressed.ToArray();
    }

    /// <summary>Filters the row with all five types and returns the line with the least sum of |signed byte|; ties go to the lower type.</summary>
    private static byte[] Best(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, byte[][] lines)
    {
        int best = 0;
        long bestCost = long.MaxValue;
        for (int f = 0; f < 5; f++)
        {
            Filter((byte)f, row, prior, bpp, lines[f]);
            long cost = Cost(lines[f].AsSpan(1));
            if (cost < bestCost) (best, bestCost) = (f, cost);
        }
        return lines[best];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Cost(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (byte b in filtered) sum += Math.Abs((int)(sbyte)b);
        return sum;
    }

    /// <summary>Writes the filter type into <c>line[0]</c> and the filtered row after it (PNG specification §9.2, bytes modulo 256).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Filter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> line)
    {
        line[0] = type;
        var output = line.Slice(1, row.Length);
        switch (type)
        {
            case 0:
                row.CopyTo(output);
                break;
            case 1:
                row[..bpp].CopyTo(output);
                for (int i = bpp; i < row.Length; i++) output[i] = (byte)(row[i] - row[i - bpp]);
                break;
            case 2:
                for (int i = 0; i < row.Length; i++) output[i] = (byte)(row[i] - prior[i]);
                break;
            case 3:
                for (int i = 0; i < bpp; i++) output[i] = (byte)(row[i] - (prior[i] >> 1));
                for (int i = bpp; i < row.Length; i++) output[i] = (byte)(row[i] - ((row[i - bpp] + prior[i]) >> 1));
                break;
            case 4:
                for (int i = 0; i < bpp; i++) output[i] = (byte)(row[i] - prior[i]); // Paeth(0, b, 0) = b
                for (int i = bpp; i < row.Length; i++) output[i] = (byte)(row[i] - Paeth(row[i - bpp], prior[i], prior[i - bpp]));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "PNG filter types are 0 to 4.");
        }
    }

    /// <summary>The Paeth predictor: whichever of left, above, upper left is nearest to left + above − upper left (ties in that order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
