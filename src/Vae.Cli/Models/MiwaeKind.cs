using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Models;

/// <summary>
/// <c>--model miwae</c>: the missing-data importance-weighted autoencoder (Mattei and Frellsen, 2019):
/// the encoder reads the zero-filled data and the mask, the bound uses p(x_obs | z); K = 5 unless <c>--samples</c>.
/// </summary>
internal sealed class MiwaeKind : VaeFamilyKind
{
    /// <inheritdoc />
    public override string Name => "miwae";

    /// <inheritdoc />
    public override string Description => "MIWAE for data with missing values (--samples K, default 5)";

    /// <inheritdoc />
    protected override int? DefaultSamples => 5;

    /// <inheritdoc />
    protected override bool EncoderSeesMask => true;

    /// <inheritdoc />
    protected override Var<float> Loss(Vae<float> model, ModelSettings settings, Var<float> x, Rng rng, Tensor<float>? mask) =>
        -Iwae.Bound(model, x, rng, settings.Samples, mask);
}
