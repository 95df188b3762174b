using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;
using LogLikelihoodEstimator = Vae.Probabilistic.Evaluation.LogLikelihood;

namespace Vae.Cli.Models;

/// <summary>
/// A <see cref="Vae{T}"/> with its kind's training loss: evaluation by the ELBO and the importance-sampled
/// log-likelihood, reconstruction through the posterior mean, sampling from the prior.
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
    public IReadOnlyList<Metric> TestMetrics(Dataset<float> test, Rng rng) => [new("test_elbo", MeanElbo(test, rng, CancellationToken.None))];

    /// <inheritdoc />
    public IReadOnlyList<Metric> Evaluate(Dataset<float> data, Rng rng, int samples, CancellationToken cancellation)
    {
        double elbo = MeanElbo(data, rng, cancellation);
        double sum = 0, variance = 0;
        foreach (var chunk in Chunks(data, Math.Max(1, DecodedRowsPerPass / samples)))
        {
            cancellation.ThrowIfCancellationRequested();
            Bind(chunk.Labels, chunk.Count);
            var estimate = LogLikelihoodEstimator.Estimate(vae, chunk.Features, rng, samples, MaskFor(chunk.Mask, chunk.Count), DecodedRowsPerPass);
            sum += estimate.PerExample.Sum();
            variance += estimate.PerExampleStandardError.Sum(e => e * e);
        }
        return [new("elbo", elbo), new("log_likelihood", sum / data.Count, Math.Sqrt(variance) / data.Count)];
    }

    /// <inheritdoc />
    public Tensor<float> Reconstruct(Dataset<float> data, CancellationToken cancellation)
    {
        var result = new Tensor<float>(data.Features.Shape);
        int done = 0;
        foreach (var chunk in Chunks(data, RowsPerChunk))
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

    /// <summary>The batch-weighted mean of the (unweighted, β = 1) ELBO over <paramref name="data"/>.</summary>
    private double MeanElbo(Dataset<float> data, Rng rng, CancellationToken cancellation)
    {
        double total = 0;
        var tape = new Tape<float>();
        foreach (var chunk in Chunks(data, RowsPerChunk))
        {
            cancellation.ThrowIfCancellationRequested();
            Bind(chunk.Labels, chunk.Count);
            tape.Reset();
            var terms = Elbo.Evaluate(vae, tape.Constant(chunk.Features), rng, mask: MaskFor(chunk.Mask, chunk.Count));
            total += (double)terms.Elbo.Value.ToScalar() * chunk.Count;
        }
        return total / data.Count;
    }

    /// <summary><paramref name="data"/> in consecutive chunks of at most <paramref name="rows"/> rows.</summary>
    private static IEnumerable<Dataset<float>> Chunks(Dataset<float> data, int rows)
    {
        if (data.Count <= rows)
        {
            yield return data;
            yield break;
        }
        for (int start = 0; start < data.Count; start += rows)
            yield return data.Select(Enumerable.Range(start, Math.Min(rows, data.Count - start)).ToArray());
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
        int classes = Settings.Classes;
        if (classes == 0) return;
        if (labels is null) throw new UsageException($"the {Settings.Kind} model needs class labels; these data have none.");
        if (!oneHot.TryGetValue(rows, out var encoded)) oneHot[rows] = encoded = Tensor<float>.Zeros(rows, classes);
        var span = encoded.Span;
        span.Clear();
        for (int i = 0; i < rows; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classes)
                throw new InvalidDataException($"label {label} is outside the {classes} classes (0 to {classes - 1}) the model was trained on.");
            span[i * classes + label] = 1f;
        }
        vae.Given(encoded);
    }
}
