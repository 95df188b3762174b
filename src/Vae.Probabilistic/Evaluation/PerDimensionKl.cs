using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using Vae.Probabilistic.Divergences;
using Vae.Probabilistic.Models;

namespace Vae.Probabilistic.Evaluation;

/// <summary>
/// The KL of each latent dimension, averaged over a dataset: KLⱼ = (1/n) Σᵢ KL(q(zⱼ | xᵢ) ‖ p(zⱼ)).
/// For a factorised posterior and prior Σⱼ KLⱼ is the dataset-averaged KL term of the ELBO; a
/// dimension with KLⱼ ≈ 0 carries no information about x (posterior collapse).
/// </summary>
public static class PerDimensionKl
{
    /// <summary>KLⱼ for each latent dimension j (nats), accumulated in double.</summary>
    /// <param name="model">A model whose posterior and prior are <see cref="Independent{T}"/> with an analytic KL between their bases (the Gaussian VAE).</param>
    /// <param name="x">[n, features]; missing entries (mask 0) are ignored.</param>
    /// <param name="mask">1 observed, 0 missing; null for complete data.</param>
    /// <param name="conditions">[n, ConditionSize] for a conditional model; null otherwise.</param>
    /// <param name="rowsPerPass">The largest number of rows encoded at once.</param>
    /// <exception cref="NotSupportedException">The posterior or the prior is not factorised with an analytic per-dimension KL.</exception>
    public static IReadOnlyList<double> Evaluate<T>(ILatentVariableModel<T> model, Tensor<T> x, Tensor<T>? mask = null,
        Tensor<T>? conditions = null, int rowsPerPass = 4096)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sums = new double[model?.LatentSize ?? throw new ArgumentNullException(nameof(model))];
        foreach (var (q, _, count) in PosteriorBlocks.Enumerate(model, x, mask, conditions, rowsPerPass))
        {
            var prior = model.Prior(q.Tape);
            if (q is not Independent<T> qi || prior is not Independent<T> pi || !Kl<T>.IsRegistered(qi.Base, pi.Base))
                throw new NotSupportedException(
                    $"A per-dimension KL needs a factorised posterior and prior with an analytic KL between their bases; got {q.GetType().Name} and {prior.GetType().Name}.");
            var kl = Kl<T>.Divergence(qi.Base, pi.Base).Value;
            if (kl.Shape != new Shape(count, sums.Length))
                throw new NotSupportedException($"The per-dimension KL has shape {kl.Shape}; expected [{count}, {sums.Length}].");
            var values = kl.ReadOnlySpan;
            for (int i = 0; i < count; i++)
                for (int j = 0; j < sums.Length; j++) sums[j] += double.CreateChecked(values[i * sums.Length + j]);
        }
        int n = x.Shape[0];
        for (int j = 0; j < sums.Length; j++) sums[j] /= n;
        return sums;
    }
}
