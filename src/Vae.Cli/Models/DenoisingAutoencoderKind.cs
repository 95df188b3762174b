using Vae.Core.Autoencoders;
using Vae.Core.Randomness;

namespace Vae.Cli.Models;

/// <summary>
/// <c>--model denoising</c>: reconstruct each clean row from L corrupted copies (Vincent et al., 2008,
/// 2010): masking noise (a fraction ν of each row's elements set to 0; ν = 0.25 unless
/// <c>--noise-level</c>), additive Gaussian noise (σ = 0.1 unless <c>--noise-level</c>) or salt-and-pepper
/// noise (a fraction ν set to 0 or 1 by a fair coin; data in [0, 1] only). The corruptions are drawn
/// from the training generator, so a resumed run continues bit for bit.
/// </summary>
internal sealed class DenoisingAutoencoderKind : AutoencoderFamilyKind
{
    /// <summary>The values of <c>--noise</c>.</summary>
    public static string[] Noises { get; } = [Masking, Gaussian, SaltPepper];

    private const string Masking = "masking", Gaussian = "gaussian", SaltPepper = "salt-pepper";
    private const double DefaultRate = 0.25, DefaultDeviation = 0.1;

    /// <inheritdoc />
    public override string Name => "denoising";

    /// <inheritdoc />
    public override string Description => "denoising autoencoder (--noise masking|gaussian|salt-pepper, --noise-level, --corruptions L)";

    /// <inheritdoc />
    protected override string[] Options => ["--noise", "--noise-level", "--corruptions"];

    /// <inheritdoc />
    protected override ModelSettings ConfigureKind(ModelSettings common, ModelRequest request, DataInfo data)
    {
        string noise = request.Noise ?? Masking;
        double level = request.NoiseLevel ?? (noise == Gaussian ? DefaultDeviation : DefaultRate);
        if (noise == Gaussian) NonNegative("--noise-level", level);
        else if (!(level >= 0 && level <= 1)) throw new UsageException($"--noise-level of {noise} noise is a fraction of each row and must lie in [0, 1]; got {level}.");
        if (noise == SaltPepper && !data.InUnitInterval)
            throw new UsageException("--noise salt-pepper sets values to 0 or 1 and needs data in [0, 1], and these are not (CSV data are standardised).");
        int corruptions = request.Corruptions ?? 1;
        if (corruptions < 1) throw new UsageException($"--corruptions must be at least 1; got {corruptions}.");
        return common with { Noise = noise, NoiseLevel = level, Corruptions = corruptions };
    }

    /// <inheritdoc />
    protected override AutoencoderBase<float> Create(ModelSettings settings, Rng rng)
    {
        double level = settings.NoiseLevel ?? throw new InvalidDataException("the denoising model's configuration has no noiseLevel.");
        var corruption = settings.Noise switch
        {
            Masking => Corruption.Masking(level),
            Gaussian => Corruption.Gaussian(level),
            SaltPepper => Corruption.SaltAndPepper(level),
            _ => throw new InvalidDataException($"unknown noise '{settings.Noise}'; expected {string.Join(", ", Noises)}."),
        };
        return new DenoisingAutoencoder<float>(Encoder(settings, rng), Decoder(settings, rng), Loss(settings), corruption, settings.Corruptions ?? 1);
    }
}
