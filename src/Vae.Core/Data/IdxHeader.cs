using System.Buffers.Binary;

namespace Vae.Core.Data;

/// <summary>
/// The header of an IDX file (the MNIST format): two zero bytes, a data-type code, the number of
/// dimensions, then each dimension as a big-endian 32-bit unsigned integer; the data follow in
/// row-major order.
/// </summary>
public sealed class IdxHeader
{
    /// <summary>The data-type code of unsigned bytes, the only one this library reads.</summary>
    public const byte UnsignedByte = 0x08;

    private readonly int[] dimensions;

    private IdxHeader(int[] dimensions, long rowLength)
    {
        this.dimensions = dimensions;
        RowLength = (int)rowLength;
        ItemCount = dimensions[0] * rowLength;
    }

    /// <summary>The data-type code: always <see cref="UnsignedByte"/>, since other types are rejected when read.</summary>
    public byte DataType => UnsignedByte;

    /// <summary>The dimensions, outermost first (e.g. 60000, 28, 28).</summary>
    public IReadOnlyList<int> Dimensions => dimensions;

    /// <summary>The number of header bytes, which is the offset of the first data byte: 4 + 4·rank.</summary>
    public long DataOffset => 4 + 4L * dimensions.Length;

    /// <summary>The number of data items: the product of the dimensions.</summary>
    public long ItemCount { get; }

    /// <summary>The number of rows: the first dimension.</summary>
    public int RowCount => dimensions[0];

    /// <summary>The number of items in one row: the product of the dimensions after the first (1 for rank 1).</summary>
    public int RowLength { get; }

    /// <summary>The dimensions in brackets, e.g. <c>[60000, 28, 28]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", dimensions) + "]";

    /// <summary>Reads and validates a header from the start of <paramref name="stream"/>.</summary>
    internal static IdxHeader Read(Stream stream, string path, bool decompressed)
    {
        Span<byte> word = stackalloc byte[4];
        ReadWord(stream, word, 0, "the 4-byte magic number", path, decompressed);
        if (word[0] != 0 || word[1] != 0)
            throw new IdxFormatException(path, 0, decompressed,
                $"not an IDX file: the magic number must start with two zero bytes; found 0x{word[0]:X2} 0x{word[1]:X2}.");
        if (word[2] != UnsignedByte)
            throw new IdxFormatException(path, 2, decompressed,
                $"data type 0x{word[2]:X2} ({TypeName(word[2])}) is not supported; only 0x08 (unsigned byte) is.");
        int rank = word[3];
        if (rank == 0)
            throw new IdxFormatException(path, 3, decompressed, "the number of dimensions is 0; an IDX array needs at least one.");
        var dims = new int[rank];
        long rowLength = 1;
        for (int i = 0; i < rank; i++)
        {
            long offset = 4 + 4L * i;
            ReadWord(stream, word, offset, $"dimension {i} of {rank}", path, decompressed);
            uint d = BinaryPrimitives.ReadUInt32BigEndian(word);
            if (d > int.MaxValue)
                throw new IdxFormatException(path, offset, decompressed, $"dimension {i} is {d}, larger than {int.MaxValue}.");
            dims[i] = (int)d;
            if (i == 0) continue;
            rowLength *= d;
            if (rowLength > int.MaxValue)
                throw new IdxFormatException(path, offset, decompressed,
                    $"one row (the product of the dimensions after the first) would hold more than {int.MaxValue} items.");
        }
        return new IdxHeader(dims, rowLength);
    }

    /// <summary>Writes the header of an unsigned-byte array with <paramref name="dimensions"/>.</summary>
    internal static void Write(Stream stream, int[] dimensions)
    {
        Span<byte> word = stackalloc byte[4];
        word[0] = 0;
        word[1] = 0;
        word[2] = UnsignedByte;
        word[3] = (byte)dimensions.Length;
        stream.Write(word);
        foreach (int d in dimensions)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)d);
            stream.Write(word);
        }
    }

    private static void ReadWord(Stream stream, Span<byte> word, long offset, string what, string path, bool decompressed)
    {
        int read = IdxFile.ReadFully(stream, word, path, offset, decompressed);
        if (read < 4)
            throw new IdxFormatException(path, offset + read, decompressed, $"the file ends inside the header, while reading {what}.");
    }

    private static string TypeName(byte code) => code switch
    {
        0x09 => "signed byte",
        0x0B => "16-bit integer",
        0x0C => "32-bit integer",
        0x0D => "32-bit float",
        0x0E => "64-bit float",
        _ => "not a valid IDX type",
    };
}
