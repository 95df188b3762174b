using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Objectives;

/// <summary>
/// The importance-weighted bound (Burda et al., 2016):
/// L_K = E[log (1/K) Σₖ p(x, zₖ) / q(zₖ | x)], zₖ ~ q(z | x) i.i.d., computed as a max-shifted
/// log-mean-exp of the log-weights. L_1 is the (single-sample, KL-by-sampling) ELBO, L_K ≤ L_{K+1}, and
/// L_K → log p(x) as K grows.
/// </summary>
/// <remarks>
/// With a mask the weights use p(x_obs | z): the MIWAE bound (Mattei and Frellsen, 2019).
/// </remarks>
public static class Iwae
{
    /// <summary>L_K averaged over the batch (a scalar node; maximise it).</summary>
    public static Var<T> Bound<T>(ILatentVariableModel<T> model, Var<T> x, Rng rng, int samples, Tensor<T>? mask = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Mean(LogMeanExp(LogWeights(model, x, rng, samples, mask), 0));

    /// <summary>
    /// The log importance weights log p(x, zₖ) − log q(zₖ | x) for K samples per example: shape [K, batch].
    /// The building block of the IWAE bound, the importance-sampled log-likelihood and MIWAE imputation.
    /// </summary>
    public static Var<T> LogWeights<T>(ILatentVariableModel<T> model, Var<T> x, Rng rng, int samples, Tensor<T>? mask = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Draw(model, x, rng, samples, mask).LogWeights;

    /// <summary>
    /// The log weights ([K, batch]) with the samples zₖ behind them ([K, batch, latent]) and the
    /// element-wise p(x | zₖ) over the [K·batch, features] rows (sample-major): what imputation needs.
    /// </summary>
    internal static (Var<T> LogWeights, Var<T> Z, Distributions.Distribution<T> Likelihood) Draw<T>(
        ILatentVariableModel<T> model, Var<T> x, Rng rng, int samples, Tensor<T>? mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (z, q, likelihood, logLikelihood) = SampleAndScore(model, x, rng, samples, mask);
        return (logLikelihood + model.Prior(x.Tape).LogProb(z) - q.LogProb(z), z, likelihood);
    }

    /// <summary>zₖ ~ q(z | x) ([K, batch, latent]), q itself, p(x | zₖ) over [K·batch] rows, and log p(x | zₖ) ([K, batch]).</summary>
    internal static (Var<T> Z, Distributions.Distribution<T> Q, Distributions.Distribution<T> Likelihood, Var<T> LogLikelihood) SampleAndScore<T>(
        ILatentVariableModel<T> model, Var<T> x, Rng rng, int samples, Tensor<T>? mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        if (x.Shape.Rank != 2) throw new ArgumentException($"x must have shape [batch, features]; got {x.Shape}.", nameof(x));
        int batch = x.Shape[0];
        var q = model.Posterior(x, mask);
        var z = q.Rsample(rng, samples);
        var rows = Reshape(z, samples * batch, model.LatentSize);
        var xs = Tile(x, samples);
        var tiledMask = mask is null ? null : Tile(x.Tape.Constant(mask), samples).Value;
        var likelihood = model.Likelihood(rows);
        var logLikelihood = Observation.OverRows(likelihood, tiledMask).LogProb(xs);
        return (z, q, likelihood, Reshape(logLikelihood, samples, batch));
    }

    /// <summary>[batch, d] repeated K times sample-major: [K·batch, d].</summary>
    internal static Var<T> Tile<T>(Var<T> x, int k) where T : unmanaged, IFloatingPointIeee754<T> => k == 1 ? x : TileRows(x, k);
}
