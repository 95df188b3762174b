namespace Vae.Core.Data;

/// <summary>An IDX file that is truncated, corrupt, mis-shaped or of an unsupported kind.</summary>
/// <remarks>
/// The message names the file and the byte offset of the problem. For a gzip-compressed file the
/// offset counts bytes of the decompressed IDX stream, and the message says so.
/// </remarks>
public sealed class IdxFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="path"/> at byte <paramref name="offset"/>.</summary>
    public IdxFormatException(string path, long offset, bool decompressed, string detail, Exception? innerException = null)
        : base($"IDX file '{path}', byte offset {offset}{(decompressed ? " of the decompressed stream" : "")}: {detail}", innerException)
    {
        FilePath = path;
        Offset = offset;
        Decompressed = decompressed;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset of the problem.</summary>
    public long Offset { get; }

    /// <summary>Whether <see cref="Offset"/> counts bytes of the decompressed stream of a gzip file.</summary>
    public bool Decompressed { get; }
}
