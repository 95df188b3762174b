using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Probabilistic.Evaluation;

/// <summary>
/// The ELBO of a whole dataset (a test set, say), evaluated in blocks of rows with
/// <see cref="Elbo.Evaluate"/> and averaged over the examples in double.
/// </summary>
public static class DatasetElbo
{
    /// <summary>The average ELBO, reconstruction and KL terms over the rows of <paramref name="x"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="x">[n, features]; missing entries (mask 0) may hold anything.</param>
    /// <param name="rng">Draws the reparameterisation noise.</param>
    /// <param name="mask">1 observed, 0 missing; null for complete data (then the bound is on log p(x_obs)).</param>
    /// <param name="conditions">[n, ConditionSize] for a conditional model; null otherwise.</param>
    /// <param name="options">Whether the KL is analytic (β and free bits do not change the reported terms).</param>
    /// <param name="rowsPerPass">The largest number of rows evaluated at once.</param>
    public static ElboSummary Evaluate<T>(ILatentVariableModel<T> model, Tensor<T> x, Rng rng, Tensor<T>? mask = null,
        Tensor<T>? conditions = null, ElboOptions? options = null, int rowsPerPass = 1024)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RowBlocks.Check(model, x, mask, conditions);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerPass, 1);
        int n = x.Shape[0];
        if (n == 0) throw new ArgumentException("The dataset has no rows.", nameof(x));
        var tape = new Tape<T>();
        double reconstruction = 0, kl = 0;
        for (int start = 0; start < n; start += rowsPerPass)
        {
            int count = Math.Min(rowsPerPass, n - start);
            tape.Reset();
            var bound = RowBlocks.Bind(model, conditions, start, count);
            var ms = mask is null ? null : RowBlocks.Rows(mask, start, count);
            var terms = Elbo.Evaluate(bound, tape.Constant(RowBlocks.Rows(x, start, count)), rng, options, ms);
            reconstruction += double.CreateChecked(terms.Reconstruction.Value.ToScalar()) * count;
            kl += double.CreateChecked(terms.Kl.Value.ToScalar()) * count;
        }
        reconstruction /= n;
        kl /= n;
        return new ElboSummary(reconstruction - kl, reconstruction, kl, n);
    }
}
