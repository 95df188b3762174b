using Vae.Core.Autoencoders;
using Vae.Core.Randomness;

namespace Vae.Cli.Models;

/// <summary><c>--model ae</c>: the deterministic (deep) autoencoder, trained on the reconstruction loss alone (Goodfellow et al., 2016, §14.1).</summary>
internal sealed class AutoencoderKind : AutoencoderFamilyKind
{
    /// <inheritdoc />
    public override string Name => "ae";

    /// <inheritdoc />
    public override string Description => "deterministic autoencoder, reconstruction loss only";

    /// <inheritdoc />
    protected override AutoencoderBase<float> Create(ModelSettings settings, Rng rng) =>
        new Autoencoder<float>(Encoder(settings, rng), Decoder(settings, rng), Loss(settings));
}
