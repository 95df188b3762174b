using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Models;

/// <summary><c>--model iwae</c>: the importance-weighted bound with K samples (Burda et al., 2016); K = 5 unless <c>--samples</c>.</summary>
internal sealed class IwaeKind : VaeFamilyKind
{
    /// <inheritdoc />
    public override string Name => "iwae";

    /// <inheritdoc />
    public override string Description => "importance-weighted autoencoder (--samples K, default 5)";

    /// <inheritdoc />
    protected override int? DefaultSamples => 5;

    /// <inheritdoc />
    protected override Var<float> Loss(Vae<float> model, ModelSettings settings, Var<float> x, Rng rng, Tensor<float>? mask) =>
        -Iwae.Bound(model, x, rng, settings.Samples, mask);
}
