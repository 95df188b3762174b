namespace Vae.Probabilistic.Objectives;

/// <summary>How the ELBO is weighted and estimated. C#: <c>ElboOptions.Default with { Beta = 4 }</c>; F#: <c>ElboOptions(Beta = 4.0)</c>.</summary>
public sealed record ElboOptions
{
    /// <summary>The defaults: β = 1, no free bits, analytic KL where registered.</summary>
    public static ElboOptions Default { get; } = new();

    /// <summary>The weight β of the KL term (Higgins et al., 2017): 1 is the ELBO, 0 a stochastic autoencoder.</summary>
    public double Beta { get; init; } = 1;

    /// <summary>
    /// Free bits λ (Kingma et al., 2016): each latent dimension's batch-averaged KL is clamped below at
    /// λ nats in the optimised objective (0: off). The reported KL is never clamped.
    /// </summary>
    public double FreeBits { get; init; }

    /// <summary>Use the registry's analytic KL(q‖p) when one exists (otherwise the single-sample estimate log q(z) − log p(z)).</summary>
    public bool AnalyticKl { get; init; } = true;
}
