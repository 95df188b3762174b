namespace Vae.Cli.Data;

/// <summary>The kinds of data source <c>--data</c> accepts.</summary>
internal static class DataFormats
{
    /// <summary>The embedded 8×8 digits (scikit-learn's), in [0, 1], labelled.</summary>
    public const string Digits = "digits";

    /// <summary>Fashion-MNIST from its IDX files (28×28, in [0, 1], labelled, with its own test set).</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>An IDX image file: each image a row, bytes scaled to [0, 1].</summary>
    public const string Idx = "idx";

    /// <summary>A numeric CSV file (empty, NA or NaN cells missing), standardised with the training rows' statistics.</summary>
    public const string Csv = "csv";
}
