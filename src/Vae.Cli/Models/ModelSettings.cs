namespace Vae.Cli.Models;

/// <summary>A model's architecture and objective, as stored in a checkpoint's configuration.</summary>
internal sealed record ModelSettings
{
    /// <summary>The <c>--model</c> name (see <see cref="ModelCatalog"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The number of data features.</summary>
    public required int InputSize { get; init; }

    /// <summary>The number of latent dimensions.</summary>
    public required int LatentSize { get; init; }

    /// <summary>The encoder's hidden widths (the decoder mirrors them).</summary>
    public required int[] HiddenSizes { get; init; }

    /// <summary>The observation model: <c>bernoulli</c> or <c>gaussian</c> (learned per-feature variance).</summary>
    public required string Likelihood { get; init; }

    /// <summary>The KL weight β.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>The importance samples K of the training bound (1 for single-sample ELBOs).</summary>
    public int Samples { get; init; } = 1;

    /// <summary>The number of classes a conditional model is given (0 for an unconditional one).</summary>
    public int Classes { get; init; }
}
