namespace Vae.Core.Serialization;

/// <summary>Replaces a file all at once: readers see the old content or the new, never a part of the new.</summary>
/// <remarks>
/// The content goes to a temporary file in the target's directory (so the rename cannot cross file
/// systems), is flushed to the disk (<see cref="FileStream.Flush(bool)"/> with <c>true</c>: fsync), and
/// the temporary file is then renamed over the target, which POSIX and NTFS do atomically. If
/// writing fails or the process dies first, the target is untouched; a failure removes the
/// temporary file, a crash may leave it behind (named <c>.NAME.RANDOM.tmp</c>). One writer per target.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically with <paramref name="write"/>, which receives the stream to fill.</summary>
    /// <exception cref="IOException">The directory does not exist or a write fails (the target is then unchanged).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The directory does not exist or a write fails (the target is then unchanged).</exception>
    public static void WriteAllBytes(string path, ReadOnlyMemory<byte> bytes) => Write(path, stream => stream.Write(bytes.Span));

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically, in UTF-8 without a byte order mark.</summary>
    /// <exception cref="IOException">The directory does not exist or a write fails (the target is then unchanged).</exception>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
    }
}
