namespace Vae.Core.Serialization;

/// <summary>
/// A checkpoint that cannot be used: a malformed or unsupported manifest, a missing file, a checksum
/// mismatch (a file modified or truncated after it was written), or tensors that do not fit the model.
/// </summary>
/// <remarks>The message names the file and what is wrong with it.</remarks>
public sealed class CheckpointException : FormatException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CheckpointException(string path, string detail, Exception? innerException = null)
        : base($"checkpoint '{path}': {detail}", innerException)
    {
        FilePath = path;
        Detail = detail;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Detail { get; }
}
