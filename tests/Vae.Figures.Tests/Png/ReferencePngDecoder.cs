using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Vae.Figures.Tests.Png;

/// <summary>
/// A PNG reader written for the tests from the PNG specification, sharing no code with the encoder:
/// checks the signature, walks the chunks verifying each CRC with a bit-at-a-time CRC-32, parses IHDR,
/// inflates the concatenated IDAT data with <see cref="ZLibStream"/> and reverses the five filter types.
/// Supports what the encoder claims: 8-bit greyscale and RGB, no interlace.
/// </summary>
internal static class ReferencePngDecoder
{
    internal sealed record Decoded(int Width, int Height, int BitDepth, int ColorType, int Compression, int FilterMethod,
        int Interlace, byte[] Pixels, byte[] RowFilters, IReadOnlyList<string> ChunkTypes);

    /// <summary>Bitwise CRC-32 (reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF), no table.</summary>
    public static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    public static Decoded Decode(byte[] png)
    {
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        Assert.True(png.AsSpan(0, 8).SequenceEqual(signature), "PNG signature");
        int offset = 8;
        var types = new List<string>();
        byte[]? header = null;
        using var idat = new MemoryStream();
        while (offset < png.Length)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset)));
            string type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            uint computed = BitwiseCrc32(png.AsSpan(offset + 4, 4 + length));
            Assert.True(stored == computed, $"CRC of {type}: stored {stored:X8}, computed {computed:X8}");
            types.Add(type);
            if (type == "IHDR") header = data.ToArray();
            else if (type == "IDAT") idat.Write(data);
            offset += 12 + length;
            if (type == "IEND") break;
        }
        Assert.Equal(png.Length, offset);
        Assert.NotNull(header);
        Assert.Equal(13, header!.Length);
        int width = (int)BinaryPrimitives.ReadUInt32BigEndian(header), height = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        int depth = header[8], colorType = header[9];
        Assert.Equal(8, depth);
        int channels = colorType switch { 0 => 1, 2 => 3, _ => throw new Xunit.Sdk.XunitException($"Unsupported colour type {colorType}") };

        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        byte[] filtered = raw.ToArray();
        int stride = width * channels;
        Assert.Equal((stride + 1) * height, filtered.Length);

        var pixels = new byte[stride * height];
        var filters = new byte[height];
        for (int y = 0; y < height; y++)
        {
            filters[y] = filtered[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int x = filtered[y * (stride + 1) + 1 + i];
                int a = i >= channels ? pixels[y * stride + i - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
                int predicted = filters[y] switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => PaethPredictor(a, b, c),
                    _ => throw new Xunit.Sdk.XunitException($"Bad filter type {filters[y]} on row {y}"),
                };
                pixels[y * stride + i] = (byte)((x + predicted) & 0xFF);
            }
        }
        return new Decoded(width, height, depth, colorType, header[10], header[11], header[12], pixels, filters, types);
    }

    /// <summary>PNG specification §9.4, written out as there: p = a + b − c, nearest of a, b, c with ties in that order.</summary>
    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        if (pb <= pc) return b;
        return c;
    }
}
