using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;

namespace Vae.Probabilistic.Models;

/// <summary>
/// A latent-variable model p(x, z) = p(z) p(x | z) with an amortised posterior q(z | x): what the
/// objectives in <c>Vae.Probabilistic.Objectives</c> need, and all they need.
/// </summary>
/// <remarks>
/// The likelihood is returned element-wise (scalar events over a [rows, features] batch) so that an
/// objective can wrap it in <see cref="Independent{T}"/> for complete data or in
/// <see cref="Masked{T}"/> for data with missing entries: the model does not need to know which.
/// </remarks>
public interface ILatentVariableModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of latent dimensions.</summary>
    int LatentSize { get; }

    /// <summary>
    /// q(z | x) for a batch x of shape [batch, features]: batch shape [batch], event shape [latent].
    /// <paramref name="mask"/> (1 observed, 0 missing; null when complete) is given to encoders that
    /// read it; missing entries of x are zero.
    /// </summary>
    Distribution<T> Posterior(Var<T> x, Tensor<T>? mask);

    /// <summary>p(x | z) for z of shape [rows, latent], element-wise: batch shape [rows, features], scalar events.</summary>
    Distribution<T> Likelihood(Var<T> z);

    /// <summary>The prior p(z) on <paramref name="tape"/>: event shape [latent].</summary>
    Distribution<T> Prior(Tape<T> tape);
}
