using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Models;

/// <summary><c>--model cvae</c>: the conditional VAE given one-hot class labels (Sohn et al., 2015), trained on the ELBO.</summary>
internal sealed class CvaeKind : VaeFamilyKind
{
    /// <inheritdoc />
    public override string Name => "cvae";

    /// <inheritdoc />
    public override string Description => "conditional VAE given the class label (needs labelled data)";

    /// <inheritdoc />
    protected override bool Conditional => true;

    /// <inheritdoc />
    protected override Var<float> Loss(Vae<float> model, ModelSettings settings, Var<float> x, Rng rng, Tensor<float>? mask) =>
        Elbo.Evaluate(model, x, rng, mask: mask).Loss;
}
