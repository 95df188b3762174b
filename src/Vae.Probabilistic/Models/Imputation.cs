using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Objectives;

namespace Vae.Probabilistic.Models;

/// <summary>
/// Imputation of missing entries with a latent-variable model trained on incomplete data (MIWAE,
/// Mattei and Frellsen, 2019, section 4), by importance sampling from q(z | x_obs) with the weights
/// wₖ = p(x_obs | zₖ) p(zₖ) / q(zₖ | x_obs) of <see cref="Iwae.LogWeights"/>.
/// </summary>
/// <remarks>
/// Single imputation estimates E[x_mis | x_obs] = ∫ E[x_mis | z] p(z | x_obs) dz by self-normalised
/// importance sampling, Σₖ w̃ₖ E[x_mis | zₖ] with w̃ = softmax(log w) (their eq. 9); multiple imputation
/// draws from p(x_mis | x_obs) by sampling importance resampling: pick zₖ with probability w̃ₖ, then
/// draw x_mis ~ p(x_mis | zₖ). Both are consistent as K grows. Observed entries are returned unchanged
/// (bit for bit); missing entries of the input may hold anything, NaN included. Examples are taken
/// <c>rowsPerPass / K'</c> at a time with K' ≤ K samples per pass; the weights of an example are merged
/// across passes with a running maximum (so none overflows) and accumulated in double.
/// </remarks>
public static class Imputation
{
    /// <summary>x with each missing entry replaced by its importance-sampled conditional mean E[xᵢ | x_obs].</summary>
    /// <param name="model">The trained model (its likelihood must factorise over the features).</param>
    /// <param name="x">[n, features]; only observed entries are read.</param>
    /// <param name="mask">1 observed, 0 missing.</param>
    /// <param name="rng">Draws the importance samples.</param>
    /// <param name="samples">K, the importance samples per example.</param>
    /// <param name="conditions">[n, ConditionSize] for a conditional model; null otherwise.</param>
    /// <param name="rowsPerPass">The largest number of decoded rows (examples × samples) held at once.</param>
    /// <exception cref="InvalidOperationException">A log importance weight is NaN or +∞, every weight of an example is zero, or E[x | z] does not exist (a Student-t likelihood with ν ≤ 1).</exception>
    public static Tensor<T> Single<T>(ILatentVariableModel<T> model, Tensor<T> x, Tensor<T> mask, Rng rng, int samples = 1000,
        Tensor<T>? conditions = null, int rowsPerPass = 32768)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = Plan.Create(model, x, mask, rng, samples, conditions, rowsPerPass);
        var result = plan.Start();
        var tape = new Tape<T>();
        int d = plan.Features;
        foreach (var (start, count, xs, ms, bound) in plan.Blocks())
        {
            var weights = new RunningWeights(start, count, x.Shape[0]);
            var sums = new double[count * d];
            var m = ms.ReadOnlySpan;
            for (int done = 0; done < samples; done += plan.SamplesPerPass)
            {
                int k = Math.Min(plan.SamplesPerPass, samples - done);
                tape.Reset();
                var (logWeights, _, likelihood) = Iwae.Draw(bound, tape.Constant(xs), rng, k, ms);
                DecodedData.CheckMeanExists(likelihood);
                var lw = logWeights.Value.ReadOnlySpan;
                var means = likelihood.Mean.Value.ReadOnlySpan;
                for (int s = 0; s < k; s++)
                    for (int i = 0; i < count; i++)
                    {
                        double w = weights.Add(i, double.CreateChecked(lw[s * count + i]), sums.AsSpan(i * d, d));
                        if (w == 0) continue;
                        int row = (s * count + i) * d;
                        for (int j = 0; j < d; j++)
                            if (m[i * d + j] == T.Zero) sums[i * d + j] += w * double.CreateChecked(means[row + j]);
                    }
            }
            var target = result.Span;
            for (int i = 0; i < count; i++)
            {
                double total = weights.Total(i);
                for (int j = 0; j < d; j++)
                    if (m[i * d + j] == T.Zero) target[(start + i) * d + j] = T.CreateChecked(sums[i * d + j] / total);
            }
        }
        return result;
    }

    /// <summary>
    /// <paramref name="draws"/> completions of x, each missing entry drawn from p(x_mis | x_obs) by
    /// sampling importance resampling with K fresh importance samples per draw and example.
    /// </summary>
    /// <param name="model">The trained model (its likelihood must factorise over the features).</param>
    /// <param name="x">[n, features]; only observed entries are read.</param>
    /// <param name="mask">1 observed, 0 missing.</param>
    /// <param name="draws">The number of completed data sets.</param>
    /// <param name="rng">Draws the importance samples, the resampling and x_mis.</param>
    /// <param name="samples">K, the importance samples per example and draw.</param>
    /// <param name="conditions">[n, ConditionSize] for a conditional model; null otherwise.</param>
    /// <param name="rowsPerPass">The largest number of decoded rows (examples × samples) held at once.</param>
    /// <exception cref="InvalidOperationException">A log importance weight is NaN or +∞, or every weight of an example is zero.</exception>
    public static IReadOnlyList<Tensor<T>> Multiple<T>(ILatentVariableModel<T> model, Tensor<T> x, Tensor<T> mask, int draws, Rng rng,
        int samples = 1000, Tensor<T>? conditions = null, int rowsPerPass = 32768)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        // The draws are independent, so the data are stacked `draws` times and processed as one set of
        // draws·n examples: row v of the stack is draw v / n of example v % n.
        var plan = Plan.Create(model, x, mask, rng, samples, conditions, rowsPerPass, draws);
        var results = new Tensor<T>[draws];
        for (int r = 0; r < draws; r++) results[r] = plan.Start();
        var tape = new Tape<T>();
        int n = x.Shape[0], d = plan.Features, latent = model.LatentSize;
        foreach (var (start, count, xs, ms, bound) in plan.Blocks())
        {
            var chosen = new Tensor<T>(new Shape(count, latent));
            var m = ms.ReadOnlySpan;
            var weights = new RunningWeights(start, count, n);
            for (int done = 0; done < samples; done += plan.SamplesPerPass)
            {
                int k = Math.Min(plan.SamplesPerPass, samples - done);
                tape.Reset();
                var (logWeights, z, _) = Iwae.Draw(bound, tape.Constant(xs), rng, k, ms);
                var lw = logWeights.Value.ReadOnlySpan;
                var codes = z.Value.ReadOnlySpan;
                // Weighted reservoir sampling of one item: the k-th is kept with probability
                // wₖ / (w₁ + … + wₖ), which leaves each with probability wₖ / Σ w at the end.
                for (int s = 0; s < k; s++)
                    for (int i = 0; i < count; i++)
                    {
                        double w = weights.Add(i, double.CreateChecked(lw[s * count + i]), default);
                        if (w > 0 && rng.NextDouble() * weights.Running(i) < w)
                            codes.Slice((s * count + i) * latent, latent).CopyTo(chosen.Span.Slice(i * latent, latent));
                    }
            }
            for (int i = 0; i < count; i++) weights.Total(i);
            tape.Reset();
            var draw = bound.Likelihood(tape.Constant(chosen)).Sample(rng).ReadOnlySpan;
            for (int i = 0; i < count; i++)
            {
                var target = results[(start + i) / n].Span.Slice((start + i) % n * d, d);
                for (int j = 0; j < d; j++)
                    if (m[i * d + j] == T.Zero) target[j] = draw[i * d + j];
            }
        }
        return results;
    }

    /// <summary>The checked arguments and the block layout of a pass over the data.</summary>
    private sealed class Plan<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public required ILatentVariableModel<T> Model { get; init; }
        public required Tensor<T> X { get; init; }
        public required Tensor<T> Filled { get; init; }
        public required Tensor<T> Mask { get; init; }
        public required Tensor<T>? Conditions { get; init; }
        public required int SamplesPerPass { get; init; }
        public required int ExamplesPerPass { get; init; }

        public int Features => X.Shape[1];

        /// <summary>The output before imputation: x's observed entries bit for bit, 0 elsewhere.</summary>
        public Tensor<T> Start()
        {
            var result = new Tensor<T>(X.Shape);
            var source = X.ReadOnlySpan;
            var m = Mask.ReadOnlySpan[..source.Length];
            var target = result.Span;
            for (int i = 0; i < target.Length; i++) target[i] = m[i] == T.One ? source[i] : T.Zero;
            return result;
        }

        /// <summary>Consecutive blocks of the (stacked) examples, with the model bound to their conditions.</summary>
        public IEnumerable<(int Start, int Count, Tensor<T> X, Tensor<T> Mask, ILatentVariableModel<T> Model)> Blocks()
        {
            int n = Filled.Shape[0];
            for (int start = 0; start < n; start += ExamplesPerPass)
            {
                int count = Math.Min(ExamplesPerPass, n - start);
                yield return (start, count, RowBlocks.Rows(Filled, start, count), RowBlocks.Rows(Mask, start, count),
                    RowBlocks.Bind(Model, Conditions, start, count));
            }
        }
    }

    private static class Plan
    {
        /// <summary>Checks the arguments and lays out the examples: the data stacked <paramref name="copies"/> times.</summary>
        public static Plan<T> Create<T>(ILatentVariableModel<T> model, Tensor<T> x, Tensor<T> mask, Rng rng, int samples,
            Tensor<T>? conditions, int rowsPerPass, int copies = 1)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(mask);
            ArgumentNullException.ThrowIfNull(rng);
            RowBlocks.Check(model, x, mask, conditions);
            ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerPass, 1);
            int samplesPerPass = Math.Min(samples, rowsPerPass);
            return new Plan<T>
            {
                Model = model,
                X = x,
                Filled = RowBlocks.Stack(RowBlocks.ZeroFilled(x, mask), copies),
                Mask = RowBlocks.Stack(mask, copies),
                Conditions = conditions is null ? null : RowBlocks.Stack(conditions, copies),
                SamplesPerPass = samplesPerPass,
                ExamplesPerPass = Math.Max(1, rowsPerPass / samplesPerPass),
            };
        }
    }

    /// <summary>
    /// Per-example running sums of importance weights, each scaled by exp(−max log w seen so far) so
    /// that nothing overflows; accumulators tied to an example are rescaled with it. Examples
    /// firstRow.. of a stack of copies of the n data rows; messages name the data row.
    /// </summary>
    private sealed class RunningWeights(int firstRow, int count, int n)
    {
        private readonly double[] max = Enumerable.Repeat(double.NegativeInfinity, count).ToArray();
        private readonly double[] total = new double[count];

        /// <summary>Adds log w for <paramref name="example"/>; returns w on the current scale (0 for log w = −∞).</summary>
        /// <exception cref="InvalidOperationException">log w is NaN or +∞.</exception>
        public double Add(int example, double logWeight, Span<double> accumulators)
        {
            if (double.IsNaN(logWeight) || logWeight == double.PositiveInfinity)
                throw new InvalidOperationException($"A log importance weight of row {(firstRow + example) % n} is {logWeight}; the model is not finite there.");
            if (logWeight == double.NegativeInfinity) return 0;
            if (logWeight > max[example])
            {
                double rescale = Math.Exp(max[example] - logWeight);
                total[example] *= rescale;
                foreach (ref double a in accumulators) a *= rescale;
                max[example] = logWeight;
            }
            double w = Math.Exp(logWeight - max[example]);
            total[example] += w;
            return w;
        }

        /// <summary>The running total of <paramref name="example"/> on the current scale.</summary>
        public double Running(int example) => total[example];

        /// <summary>The final total, checked positive.</summary>
        public double Total(int example) =>
            total[example] > 0
                ? total[example]
                : throw new InvalidOperationException($"Every importance weight of row {(firstRow + example) % n} is zero; it cannot be imputed.");
    }
}
