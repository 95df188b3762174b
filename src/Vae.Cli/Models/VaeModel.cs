using System.Globalization;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Evaluation;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;
using LogLikelihoodEstimator = Vae.Probabilistic.Evaluation.LogLikelihood;

namespace Vae.Cli.Models;

/// <summary>
/// A <see cref="Vae{T}"/> with its kind's training loss: evaluation by the ELBO, the importance-sampled
/// log-likelihood, active units and the KL per dimension; reconstruction through the posterior mean,
/// sampling from the prior, imputation of missing values.
/// </summary>
/// <remarks>
/// Data are processed in chunks so memory stays bounded. A conditional model is given each chunk's
/// one-hot labels; a model whose encoder reads the mask is given an all-ones mask for complete data.
/// Reconstructions and samples are the means of p(x | z) (probabilities for a Bernoulli likelihood).
/// </remarks>
internal sealed class VaeModel : ICliModel
{
    private const int RowsPerChunk = 1024;
    private const int DecodedRowsPerPass = 32768;
    private const int RowsPerImputation = 4096;
    private const double ActivityThreshold = 0.01;
    private readonly Vae<float> vae;
    private readonly Func<Vae<float>, Var<float>, Rng, Tensor<float>?, Var<float>> loss;
    private readonly Dictionary<int, Tensor<float>> ones = [], oneHot = [];

    /// <summary>Wraps <paramref name="vae"/>, built from <paramref name="settings"/>, trained by minimising <paramref name="loss"/>.</summary>
    public VaeModel(ModelSettings settings, Vae<float> vae, Func<Vae<float>, Var<float>, Rng, Tensor<float>?, Var<float>> loss)
    {
        Settings = settings;
        this.vae = vae;
        this.loss = loss;
        Parameters = new ParameterSet<float>(vae);
    }

    /// <inheritdoc />
    public ModelSettings Settings { get; }

    /// <inheritdoc />
    public ParameterSet<float> Parameters { get; }

    /// <inheritdoc />
    public Var<float> Loss(Tape<float> tape, Batch<float> batch, Rng rng)
    {
        Bind(batch.Labels, batch.Count);
        return loss(vae, tape.Constant(batch.Features), rng, MaskFor(batch.Mask, batch.Count));
    }

    /// <inheritdoc />
    public IReadOnlyList<Metric> TestMetrics(IRowSource<float> test, Rng rng) => [new("test_elbo", MeanElbo(test, rng, CancellationToken.None))];

    /// <inheritdoc />
    /// <remarks>
    /// Besides the ELBO and the log-likelihood: the active units of Burda et al. (2016), those whose
    /// posterior mean varies over the rows by more than 0.01, and the KL of each latent dimension
    /// averaged over the rows (summing to the ELBO's KL term). The training rows are not used.
    /// </remarks>
    /// <exception cref="UsageException">Fewer than 2 rows (active units are a variance over rows).</exception>
    public IReadOnlyList<Metric> Evaluate(Dataset<float> data, IRowSource<float> train, Rng rng, int samples, CancellationToken cancellation)
    {
        if (data.Count < 2) throw new UsageException($"evaluating a VAE needs at least 2 rows (active units are a variance over rows); got {data.Count}.");
        double elbo = MeanElbo(data, rng, cancellation);
        double sum = 0, variance = 0;
        foreach (var chunk in Chunking.Chunks(data, Math.Max(1, DecodedRowsPerPass / samples)))
        {
            cancellation.ThrowIfCancellationRequested();
            Bind(chunk.Labels, chunk.Count);
            var estimate = LogLikelihoodEstimator.Estimate(vae, chunk.Features, rng, samples, MaskFor(chunk.Mask, chunk.Count), DecodedRowsPerPass);
            sum += estimate.PerExample.Sum();
            variance += estimate.PerExampleStandardError.Sum(e => e * e);
        }
        cancellation.ThrowIfCancellationRequested();
        var mask = MaskFor(data.Mask, data.Count);
        var conditions = Conditions(data.Labels, data.Count);
        var active = ActiveUnits.Evaluate(vae, data.Features, ActivityThreshold, mask, conditions);
        var kl = PerDimensionKl.Evaluate(vae, data.Features, mask, conditions);
        return
        [
            new("elbo", elbo),
            new("log_likelihood", sum / data.Count, Math.Sqrt(variance) / data.Count),
            new("active_units", active.Count, Detail: string.Create(CultureInfo.InvariantCulture,
                $"of {Settings.LatentSize} (variance over rows of the posterior mean > {ActivityThreshold}); the variances"),
                PerDimension: active.Variances, IsCount: true),
            new("kl", kl.Sum(), Detail: "KL(q(z | x) ‖ p(z)) averaged over rows; per dimension", PerDimension: kl),
        ];
    }

    /// <inheritdoc />
    public Tensor<float> Reconstruct(Dataset<float> data, CancellationToken cancellation)
    {
        var result = new Tensor<float>(data.Features.Shape);
        int done = 0;
        foreach (var chunk in Chunking.Chunks(data, RowsPerChunk))
        {
            cancellation.ThrowIfCancellationRequested();
            Bind(chunk.Labels, chunk.Count);
            var tape = new Tape<float>();
            var z = vae.Posterior(tape.Constant(chunk.Features), MaskFor(chunk.Mask, chunk.Count)).Mean;
            vae.Likelihood(z).Mean.Value.ReadOnlySpan.CopyTo(result.Span[(done * data.Dimension)..]);
            done += chunk.Count;
        }
        return result;
    }

    /// <inheritdoc />
    public Tensor<float> Sample(int count, IReadOnlyList<int>? labels, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Bind(labels, count);
        var tape = new Tape<float>();
        var z = vae.Prior(tape).Rsample(rng, count);
        return vae.Likelihood(z).Mean.Value.Clone();
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="Imputation.Single"/> (self-normalised importance sampling) on blocks of rows; rows
    /// without a missing value come back unchanged.
    /// </remarks>
    public Tensor<float> Impute(Dataset<float> data, Rng rng, int samples, CancellationToken cancellation)
    {
        CheckUnconditional();
        var result = new Tensor<float>(data.Features.Shape);
        int done = 0;
        foreach (var chunk in Chunking.Chunks(data, RowsPerImputation))
        {
            cancellation.ThrowIfCancellationRequested();
            Imputation.Single(vae, chunk.Features, ObservedMask(chunk), rng, samples, null, DecodedRowsPerPass)
                .ReadOnlySpan.CopyTo(result.Span[(done * data.Dimension)..]);
            done += chunk.Count;
        }
        return result;
    }

    /// <inheritdoc />
    /// <remarks><see cref="Imputation.Multiple"/> (sampling importance resampling) on blocks of rows.</remarks>
    public IReadOnlyList<Tensor<float>> Impute(Dataset<float> data, int draws, Rng rng, int samples, CancellationToken cancellation)
    {
        CheckUnconditional();
        var results = Enumerable.Range(0, draws).Select(_ => new Tensor<float>(data.Features.Shape)).ToArray();
        int done = 0;
        foreach (var chunk in Chunking.Chunks(data, RowsPerImputation))
        {
            cancellation.ThrowIfCancellationRequested();
            var completed = Imputation.Multiple(vae, chunk.Features, ObservedMask(chunk), draws, rng, samples, null, DecodedRowsPerPass);
            for (int m = 0; m < draws; m++) completed[m].ReadOnlySpan.CopyTo(results[m].Span[(done * data.Dimension)..]);
            done += chunk.Count;
        }
        return results;
    }

    private void CheckUnconditional()
    {
        if (Settings.Classes > 0)
            throw new UsageException($"cannot impute with the {Settings.Kind} model: it needs each row's class label, which the input does not give.");
    }

    /// <summary>The rows' mask, or all ones when they are complete.</summary>
    private static Tensor<float> ObservedMask(Dataset<float> rows) => rows.Mask ?? Tensor<float>.Full(rows.Features.Shape, 1f);

    /// <summary>The batch-weighted mean of the (unweighted, β = 1) ELBO over <paramref name="data"/>, in consecutive chunks of <see cref="RowsPerChunk"/> rows.</summary>
    /// <remarks>
    /// The chunks are copied in row order into one buffer (a <see cref="MiniBatcher{T}"/>, which converts a
    /// compact source such as an <see cref="ImageDataset{T}"/> one chunk at a time) and evaluated on one
    /// tape, whose buffers serve every chunk (a smaller last chunk reuses them). Both are dropped on
    /// return: held between epochs they would cost 30 MB for the reference 784-400-20 VAE.
    /// </remarks>
    private double MeanElbo(IRowSource<float> data, Rng rng, CancellationToken cancellation)
    {
        double total = 0;
        var tape = new Tape<float>();
        foreach (var chunk in new MiniBatcher<float>(data, RowsPerChunk, seed: 0, shuffle: false).Epoch(0))
        {
            cancellation.ThrowIfCancellationRequested();
            Bind(chunk.Labels, chunk.Count);
            tape.Reset();
            var terms = Elbo.Evaluate(vae, tape.Constant(chunk.Features), rng, mask: MaskFor(chunk.Mask, chunk.Count));
            total += (double)terms.Elbo.Value.ToScalar() * chunk.Count;
        }
        return total / data.Count;
    }

    /// <summary>The mask to give the model: the data's own, all ones when complete but the encoder reads one, else none.</summary>
    private Tensor<float>? MaskFor(Tensor<float>? mask, int rows)
    {
        if (mask is not null || !vae.Options.EncoderSeesMask) return mask;
        if (!ones.TryGetValue(rows, out var all)) ones[rows] = all = Tensor<float>.Full(new Shape(rows, Settings.InputSize), 1f);
        return all;
    }

    /// <summary>For a conditional model, binds the one-hot encoding of <paramref name="labels"/>.</summary>
    private void Bind(IReadOnlyList<int>? labels, int rows)
    {
        if (Settings.Classes == 0) return;
        if (!oneHot.TryGetValue(rows, out var encoded)) oneHot[rows] = encoded = Tensor<float>.Zeros(rows, Settings.Classes);
        Encode(labels, encoded);
        vae.Given(encoded);
    }

    /// <summary>For a conditional model, the one-hot encoding of <paramref name="labels"/> [rows, classes]; null otherwise.</summary>
    private Tensor<float>? Conditions(IReadOnlyList<int>? labels, int rows)
    {
        if (Settings.Classes == 0) return null;
        var encoded = Tensor<float>.Zeros(rows, Settings.Classes);
        Encode(labels, encoded);
        return encoded;
    }

    /// <summary>Writes the one-hot encoding of <paramref name="labels"/> into <paramref name="encoded"/> [rows, classes].</summary>
    private void Encode(IReadOnlyList<int>? labels, Tensor<float> encoded)
    {
        int classes = Settings.Classes, rows = encoded.Shape[0];
        if (labels is null) throw new UsageException($"the {Settings.Kind} model needs class labels; these data have none.");
        var span = encoded.Span;
        span.Clear();
        for (int i = 0; i < rows; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classes)
                throw new InvalidDataException($"label {label} is outside the {classes} classes (0 to {classes - 1}) the model was trained on.");
            span[i * classes + label] = 1f;
        }
    }
}
