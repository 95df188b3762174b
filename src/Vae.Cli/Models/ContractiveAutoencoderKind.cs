using Vae.Core.Autoencoders;
using Vae.Core.Randomness;

namespace Vae.Cli.Models;

/// <summary>
/// <c>--model contractive</c>: the reconstruction loss plus λ·‖∂f(x)/∂x‖²_F, the exact squared Frobenius
/// norm of the encoder's Jacobian (Rifai et al., 2011), on a sigmoid code as in the paper; λ = 0.1 unless
/// <c>--contractive-weight</c>.
/// </summary>
internal sealed class ContractiveAutoencoderKind : AutoencoderFamilyKind
{
    private const double DefaultWeight = 0.1;

    /// <inheritdoc />
    public override string Name => "contractive";

    /// <inheritdoc />
    public override string Description => "contractive autoencoder (--contractive-weight λ, default 0.1)";

    /// <inheritdoc />
    protected override string[] Options => ["--contractive-weight"];

    /// <inheritdoc />
    protected override ModelSettings ConfigureKind(ModelSettings common, ModelRequest request, DataInfo data) =>
        common with
        {
            CodeActivation = CodeActivations.Sigmoid,
            ContractiveWeight = NonNegative("--contractive-weight", request.ContractiveWeight ?? DefaultWeight),
        };

    /// <inheritdoc />
    protected override AutoencoderBase<float> Create(ModelSettings settings, Rng rng) =>
        new ContractiveAutoencoder<float>(Encoder(settings, rng), Decoder(settings, rng), Loss(settings),
            settings.ContractiveWeight ?? throw new InvalidDataException("the contractive model's configuration has no contractiveWeight."));
}
