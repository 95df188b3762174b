namespace Vae.Core.Serialization;

/// <summary>A safetensors file that is truncated, malformed, or holds something this library cannot read.</summary>
/// <remarks>The message names the file and what is wrong with it.</remarks>
public sealed class SafeTensorsFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public SafeTensorsFormatException(string path, string detail, Exception? innerException = null)
        : base($"safetensors file '{path}': {detail}", innerException)
    {
        FilePath = path;
        Detail = detail;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Detail { get; }
}
