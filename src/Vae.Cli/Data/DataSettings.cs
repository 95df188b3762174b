namespace Vae.Cli.Data;

/// <summary>Where the data come from and how they were split, as stored in a checkpoint's configuration.</summary>
/// <remarks>Loading the same settings again gives the same training and test rows, bit for bit (a file's checksum guards against a changed file).</remarks>
internal sealed record DataSettings
{
    /// <summary><c>digits</c>, <c>fashion-mnist</c>, or the absolute path of an IDX or CSV file.</summary>
    public required string Source { get; init; }

    /// <summary>One of <see cref="DataFormats"/>.</summary>
    public required string Format { get; init; }

    /// <summary>For Fashion-MNIST, the directory holding its files.</summary>
    public string? Directory { get; init; }

    /// <summary>The fraction of rows held out for testing (unused for Fashion-MNIST, which has its own test set).</summary>
    public double TestFraction { get; init; }

    /// <summary>The seed of the train/test split.</summary>
    public ulong SplitSeed { get; init; }

    /// <summary>For CSV, whether the first line names the columns.</summary>
    public bool Header { get; init; } = true;

    /// <summary>For a file, its SHA-256 (lower-case hex) when it was first read.</summary>
    public string? Sha256 { get; init; }
}
