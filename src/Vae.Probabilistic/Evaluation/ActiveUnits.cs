using System.Numerics;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;

namespace Vae.Probabilistic.Evaluation;

/// <summary>
/// Active units (Burda et al., 2016, section 5.2): unit u is active when A_u = Cov_x(E_{q(z | x)}[z_u])
/// exceeds a threshold (0.01): the posterior mean of an inactive unit hardly moves with x, so the
/// decoder cannot be reading it.
/// </summary>
/// <remarks>
/// A_u is the sample variance (divisor n − 1, as in the code of He et al., 2019) of the posterior
/// means over the dataset, accumulated in double with Welford's update.
/// </remarks>
public static class ActiveUnits
{
    /// <summary>A_u for every unit and the number above <paramref name="threshold"/>.</summary>
    /// <param name="model">The model; its posterior's mean must be [rows, latent].</param>
    /// <param name="x">[n, features] with n ≥ 2; missing entries (mask 0) are ignored.</param>
    /// <param name="threshold">The activity threshold.</param>
    /// <param name="mask">1 observed, 0 missing; null for complete data.</param>
    /// <param name="conditions">[n, ConditionSize] for a conditional model; null otherwise.</param>
    /// <param name="rowsPerPass">The largest number of rows encoded at once.</param>
    public static ActiveUnitsResult Evaluate<T>(ILatentVariableModel<T> model, Tensor<T> x, double threshold = 0.01,
        Tensor<T>? mask = null, Tensor<T>? conditions = null, int rowsPerPass = 4096)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        if (!(threshold >= 0) || !double.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), $"The threshold must be finite and ≥ 0; got {threshold}.");
        if (x.Shape.Rank != 2 || x.Shape[0] < 2)
            throw new ArgumentException($"Active units need [n, features] with at least 2 rows; got {x.Shape}.", nameof(x));
        int latent = model.LatentSize;
        var mean = new double[latent];
        var squares = new double[latent];
        int seen = 0;
        foreach (var (q, _, count) in PosteriorBlocks.Enumerate(model, x, mask, conditions, rowsPerPass))
        {
            var means = q.Mean.Value;
            if (means.Shape != new Shape(count, latent))
                throw new NotSupportedException($"The posterior mean has shape {means.Shape}; expected [{count}, {latent}].");
            var values = means.ReadOnlySpan;
            for (int i = 0; i < count; i++)
            {
                seen++;
                for (int u = 0; u < latent; u++)
                {
                    double v = double.CreateChecked(values[i * latent + u]);
                    double delta = v - mean[u];
                    mean[u] += delta / seen;
                    squares[u] += delta * (v - mean[u]);
                }
            }
        }
        var variances = squares.Select(s => s / (seen - 1)).ToArray();
        return new ActiveUnitsResult(variances.Count(v => v > threshold), variances, threshold);
    }
}
