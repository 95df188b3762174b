using System.Numerics;
using Vae.Core.Autodiff;

namespace Vae.Probabilistic.Objectives;

/// <summary>The terms of an ELBO estimate on a batch, each a scalar node averaged over the batch (nats per example).</summary>
/// <param name="Objective">What training maximises: Reconstruction − β·KL (with free bits applied when set).</param>
/// <param name="Elbo">The unweighted bound Reconstruction − KL.</param>
/// <param name="Reconstruction">E_q[log p(x | z)], estimated with one reparameterised sample per example.</param>
/// <param name="Kl">KL(q(z | x) ‖ p(z)), analytic where registered.</param>
public readonly record struct ElboTerms<T>(Var<T> Objective, Var<T> Elbo, Var<T> Reconstruction, Var<T> Kl)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>−Objective: the loss to minimise.</summary>
    public Var<T> Loss => -Objective;
}
