using System.IO.Compression;

namespace Vae.Core.Data;

/// <summary>Opens files that may be gzip-compressed, recognising compression by the magic bytes 0x1F 0x8B.</summary>
internal static class GzipDetection
{
    /// <summary>Whether the file starts with the gzip magic bytes; leaves the position at 0.</summary>
    internal static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int read = file.Read(magic);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    /// <summary>The file's content, decompressed on the fly when it is gzip; disposing the stream closes the file.</summary>
    internal static Stream OpenRead(string path, out bool compressed)
    {
        var file = File.OpenRead(path);
        try
        {
            compressed = IsGzip(file);
            return compressed ? new GZipStream(file, CompressionMode.Decompress) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
