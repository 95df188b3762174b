using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Probabilistic.Evaluation;

/// <summary>
/// The importance-sampled log-likelihood log p(x) ≈ log (1/K) Σₖ p(x, zₖ) / q(zₖ | x), zₖ ~ q(z | x)
/// (Rezende et al., 2014, appendix E; Burda et al., 2016): the IWAE bound with a large K, whose bias
/// vanishes as K grows.
/// </summary>
/// <remarks>
/// <para>Memory stays bounded for any K: examples are taken <c>rowsPerPass / K'</c> at a time with
/// K' ≤ K samples per pass, and the per-example sums are merged across passes with a running,
/// max-shifted log-sum-exp (so no weight overflows). Everything is computed in the model's element type
/// and accumulated in double.</para>
/// <para>Memory and speed: the default block of 1024 decoded rows keeps each [rows, features] temporary
/// small (3 MB for 784 float features). With K = 1000 on Fashion-MNIST (784-400-20 VAE) a process
/// estimating 200 images peaked at 0.19 GB instead of 1.2 GB with blocks of 32768 rows, and the estimate
/// was as fast or up to about 10 % faster: the element-wise passes of the likelihood stay in cache and
/// a new estimate's tape touches little fresh memory. When K exceeds a block, the samples are split
/// into equal passes (K' = ⌈K / ⌈K / rowsPerPass⌉⌉, the last pass taking the rest, short by less than
/// the number of passes), so that consecutive passes have the same shapes and reuse the tape's buffers
/// instead of reallocating them.</para>
/// </remarks>
public static class LogLikelihood
{
    /// <summary>The default largest number of decoded rows (examples × samples) per pass.</summary>
    public const int DefaultRowsPerPass = 1024;

    /// <summary>Estimates log p(xᵢ) (log p(xᵢ | cᵢ) for a conditional model) for each row of <paramref name="x"/> with <paramref name="samples"/> importance samples.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="x">[n, features]; missing entries (mask 0) are ignored and may hold anything, NaN included.</param>
    /// <param name="rng">Draws the samples.</param>
    /// <param name="samples">K (5000 by default).</param>
    /// <param name="mask">1 observed, 0 missing; null for complete data (then log p(x_obs) is estimated).</param>
    /// <param name="rowsPerPass">The largest number of decoded rows (examples × samples) held at once (1024 by default).</param>
    /// <param name="conditions">
    /// [n, ConditionSize] for a conditional model (each block of rows is run with its own conditions
    /// bound); null otherwise. Last, after <paramref name="rowsPerPass"/>, so that existing positional
    /// calls keep their meaning.
    /// </param>
    /// <exception cref="ArgumentNullException">The model reads conditions and none are given.</exception>
    /// <exception cref="ArgumentException">x is not [n, d], the mask does not match it, or conditions are given to a model that reads none or have the wrong shape.</exception>
    public static LogLikelihoodEstimate Estimate<T>(ILatentVariableModel<T> model, Tensor<T> x, Rng rng, int samples = 5000,
        Tensor<T>? mask = null, int rowsPerPass = DefaultRowsPerPass, Tensor<T>? conditions = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RowBlocks.Check(model, x, mask, conditions);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerPass, 1);
        int n = x.Shape[0];
        if (n == 0) throw new ArgumentException("The dataset has no rows.", nameof(x));
        int passes = (samples - 1) / rowsPerPass + 1;
        int samplesPerPass = (samples - 1) / passes + 1;
        int examplesPerPass = Math.Max(1, rowsPerPass / samplesPerPass);
        var estimate = new double[n];
        var error = new double[n];
        var tape = new Tape<T>();
        for (int start = 0; start < n; start += examplesPerPass)
        {
            int count = Math.Min(examplesPerPass, n - start);
            var ms = mask is null ? null : RowBlocks.Rows(mask, start, count);
            var xs = RowBlocks.ZeroFilled(RowBlocks.Rows(x, start, count), ms);
            var bound = RowBlocks.Bind(model, conditions, start, count);
            var sums = new WeightSums(count);
            for (int done = 0; done < samples; done += samplesPerPass)
            {
                int k = Math.Min(samplesPerPass, samples - done);
                tape.Reset();
                var logWeights = Iwae.LogWeights(bound, tape.Constant(xs), rng, k, ms).Value;
                sums.Add(logWeights.ReadOnlySpan, k);
            }
            sums.Finish(samples, estimate.AsSpan(start, count), error.AsSpan(start, count));
        }
        double mean = estimate.Average();
        double standardError = Math.Sqrt(error.Sum(e => e * e)) / n;
        return new LogLikelihoodEstimate(estimate, error, mean, standardError, samples);
    }

    /// <summary>Per-example running Σ w and Σ w², both scaled by exp(−max log w) so nothing overflows.</summary>
    private sealed class WeightSums(int count)
    {
        private readonly double[] max = Enumerable.Repeat(double.NegativeInfinity, count).ToArray();
        private readonly double[] sum = new double[count];
        private readonly double[] sumSquares = new double[count];

        public void Add<T>(ReadOnlySpan<T> logWeights, int k) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int s = 0; s < k; s++)
                for (int i = 0; i < count; i++)
                {
                    double lw = double.CreateChecked(logWeights[s * count + i]);
                    if (lw > max[i])
                    {
                        double rescale = Math.Exp(max[i] - lw);
                        sum[i] *= rescale;
                        sumSquares[i] *= rescale * rescale;
                        max[i] = lw;
                    }
                    double w = Math.Exp(lw - max[i]);
                    sum[i] += w;
                    sumSquares[i] += w * w;
                }
        }

        public void Finish(int k, Span<double> estimate, Span<double> error)
        {
            for (int i = 0; i < count; i++)
            {
                double mean = sum[i] / k, meanSquare = sumSquares[i] / k;
                estimate[i] = max[i] + Math.Log(mean);
                double variance = Math.Max(0, meanSquare - mean * mean) * k / Math.Max(1, k - 1);
                error[i] = Math.Sqrt(variance / k) / mean;
            }
        }
    }
}
