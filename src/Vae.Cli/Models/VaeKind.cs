using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Models;

/// <summary><c>--model vae</c>: the variational autoencoder trained on the ELBO (Kingma and Welling, 2014).</summary>
internal sealed class VaeKind : VaeFamilyKind
{
    /// <inheritdoc />
    public override string Name => "vae";

    /// <inheritdoc />
    public override string Description => "variational autoencoder, single-sample ELBO";

    /// <inheritdoc />
    protected override Var<float> Loss(Vae<float> model, ModelSettings settings, Var<float> x, Rng rng, Tensor<float>? mask) =>
        Elbo.Evaluate(model, x, rng, mask: mask).Loss;
}
