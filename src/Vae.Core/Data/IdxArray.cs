namespace Vae.Core.Data;

/// <summary>The whole content of an unsigned-byte IDX file: its header and its data in row-major order.</summary>
public sealed class IdxArray
{
    internal IdxArray(IdxHeader header, byte[] data, bool compressed)
    {
        Header = header;
        Bytes = data;
        Compressed = compressed;
    }

    /// <summary>The header (dimensions).</summary>
    public IdxHeader Header { get; }

    /// <summary>The <see cref="IdxHeader.ItemCount"/> data bytes in row-major order.</summary>
    public ReadOnlyMemory<byte> Data => Bytes;

    /// <summary>Whether the file was gzip-compressed.</summary>
    public bool Compressed { get; }

    internal byte[] Bytes { get; }
}
