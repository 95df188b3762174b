using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Models;

/// <summary><c>--model beta-vae</c>: the ELBO with its KL term weighted by β (Higgins et al., 2017); β = 4 unless <c>--beta</c>.</summary>
internal sealed class BetaVaeKind : VaeFamilyKind
{
    /// <inheritdoc />
    public override string Name => "beta-vae";

    /// <inheritdoc />
    public override string Description => "β-VAE: reconstruction − β·KL (--beta, default 4)";

    /// <inheritdoc />
    protected override double? DefaultBeta => 4;

    /// <inheritdoc />
    protected override Var<float> Loss(Vae<float> model, ModelSettings settings, Var<float> x, Rng rng, Tensor<float>? mask) =>
        Elbo.Evaluate(model, x, rng, ElboOptions.Default with { Beta = settings.Beta }, mask).Loss;
}
