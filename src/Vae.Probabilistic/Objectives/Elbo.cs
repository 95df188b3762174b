using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using Vae.Probabilistic.Divergences;
using Vae.Probabilistic.Models;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Objectives;

/// <summary>
/// The evidence lower bound log p(x) ≥ E_q[log p(x | z)] − KL(q(z | x) ‖ p(z)) (Kingma and Welling,
/// 2014, eq. 3), estimated with one reparameterised sample z = μ + σ ⊙ ε per example and the analytic
/// KL where the registry has it.
/// </summary>
/// <remarks>
/// With a mask, the likelihood term is log p(x_obs | z) (<see cref="Masked{T}"/>): the missing
/// coordinates are integrated out exactly, since p(x | z) factorises, so the bound is on
/// log p(x_obs) (Mattei and Frellsen, 2019). β-weighting and free bits change only
/// <see cref="ElboTerms{T}.Objective"/>.
/// </remarks>
public static class Elbo
{
    /// <summary>The ELBO terms for the batch <paramref name="x"/> ([batch, features]), averaged over the batch.</summary>
    /// <param name="model">The latent-variable model.</param>
    /// <param name="x">The data; missing entries (mask 0) may hold anything, NaN included.</param>
    /// <param name="rng">Draws the reparameterisation noise.</param>
    /// <param name="options">β, free bits, analytic KL (defaults when null).</param>
    /// <param name="mask">1 where observed, 0 where missing; null for complete data.</param>
    public static ElboTerms<T> Evaluate<T>(ILatentVariableModel<T> model, Var<T> x, Rng rng, ElboOptions? options = null, Tensor<T>? mask = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        options ??= ElboOptions.Default;
        var q = model.Posterior(x, mask);
        var z = q.Rsample(rng);
        var reconstruction = Mean(Observation.OverRows(model.Likelihood(z), mask).LogProb(x));
        var prior = model.Prior(x.Tape);
        bool analytic = options.AnalyticKl && Kl<T>.IsRegistered(q, prior);
        var kl = Mean(analytic ? Kl<T>.Divergence(q, prior) : q.LogProb(z) - prior.LogProb(z));
        var penalty = options.FreeBits > 0 ? FreeBitsKl(q, prior, options.FreeBits) : kl;
        var objective = options.Beta == 1 ? reconstruction - penalty : reconstruction - penalty * T.CreateChecked(options.Beta);
        return new ElboTerms<T>(objective, reconstruction - kl, reconstruction, kl);
    }

    /// <summary>Σⱼ max(λ, mean over the batch of KLⱼ): needs a factorised posterior and prior with an analytic per-dimension KL.</summary>
    private static Var<T> FreeBitsKl<T>(Distribution<T> q, Distribution<T> prior, double lambda) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (q is not Independent<T> qi || prior is not Independent<T> pi || !Kl<T>.IsRegistered(qi.Base, pi.Base))
            throw new NotSupportedException(
                $"Free bits need a factorised posterior and prior with an analytic per-dimension KL; got {q.GetType().Name} and {prior.GetType().Name}.");
        var perDimension = Ops.Mean(Kl<T>.Divergence(qi.Base, pi.Base), 0);
        var floor = T.CreateChecked(lambda);
        return Sum(Relu(perDimension - floor) + floor);
    }
}
