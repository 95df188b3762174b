using Vae.Core.Autoencoders;
using Vae.Core.Randomness;

namespace Vae.Cli.Models;

/// <summary>
/// <c>--model linear</c>: the linear autoencoder f(x) = xW_e + b_e, g(z) = zW_d + b_d with squared error,
/// whose optimum spans the top-k principal subspace (Baldi and Hornik, 1989): no hidden layers, and no
/// cross-entropy loss.
/// </summary>
internal sealed class LinearAutoencoderKind : AutoencoderFamilyKind
{
    /// <inheritdoc />
    public override string Name => "linear";

    /// <inheritdoc />
    public override string Description => "linear autoencoder with squared error (learns the PCA subspace)";

    /// <inheritdoc />
    protected override ModelSettings ConfigureKind(ModelSettings common, ModelRequest request, DataInfo data)
    {
        if (request.Hidden is not null) throw new UsageException("--hidden is not an option of the linear model: it has no hidden layers.");
        if (request.Likelihood is { } likelihood && likelihood != Likelihoods.Gaussian)
            throw new UsageException($"--likelihood {likelihood} is not a loss of the linear model, which uses squared error (gaussian) only.");
        return common with { HiddenSizes = [], Likelihood = Likelihoods.Gaussian };
    }

    /// <inheritdoc />
    protected override AutoencoderBase<float> Create(ModelSettings settings, Rng rng) =>
        new LinearAutoencoder<float>(settings.InputSize, settings.LatentSize, rng);
}
