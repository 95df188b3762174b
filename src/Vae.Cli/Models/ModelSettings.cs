using System.Text.Json.Serialization;

namespace Vae.Cli.Models;

/// <summary>A model's architecture and objective, as stored in a checkpoint's configuration.</summary>
/// <remarks>The autoencoder settings are null (and left out of the JSON) for the VAE kinds and for autoencoder kinds that do not use them.</remarks>
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

    /// <summary>
    /// The observation model: <c>bernoulli</c> or <c>gaussian</c> (learned per-feature variance); for an
    /// autoencoder the reconstruction loss: Bernoulli cross-entropy of logits, or squared error.
    /// </summary>
    public required string Likelihood { get; init; }

    /// <summary>The KL weight β.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>The importance samples K of the training bound (1 for single-sample ELBOs).</summary>
    public int Samples { get; init; } = 1;

    /// <summary>The number of classes a conditional model is given (0 for an unconditional one).</summary>
    public int Classes { get; init; }

    /// <summary>An autoencoder's code activation (<c>identity</c>, <c>relu</c> or <c>sigmoid</c>; hidden layers use ReLU).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CodeActivation { get; init; }

    /// <summary>The sparse autoencoder's penalty: <c>l1</c> or <c>kl</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sparsity { get; init; }

    /// <summary>The KL sparsity penalty's target mean activation ρ.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SparsityTarget { get; init; }

    /// <summary>The sparsity penalty's weight: λ for L1, β for KL.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SparsityWeight { get; init; }

    /// <summary>The denoising autoencoder's corruption: <c>masking</c>, <c>gaussian</c> or <c>salt-pepper</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Noise { get; init; }

    /// <summary>The corruption's level: the fraction ν of each row's elements (masking, salt-and-pepper) or σ (Gaussian).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? NoiseLevel { get; init; }

    /// <summary>L, the corrupted copies of each row per training step.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Corruptions { get; init; }

    /// <summary>λ, the weight of the contractive autoencoder's Jacobian penalty.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ContractiveWeight { get; init; }
}
