using System.Globalization;
using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Cli.Models;

/// <summary>
/// An <see cref="AutoencoderBase{T}"/> as the commands use it: trained on its own objective, evaluated by
/// the mean squared reconstruction error (1/n) Σₙ ‖x̂ₙ − xₙ‖² of <see cref="IReconstructor{T}"/> (in the
/// model's space: standardised units for CSV data), with PCA at the same code size as a reference (fit
/// on at most <see cref="PcaRows"/> training rows).
/// </summary>
/// <remarks>
/// An autoencoder is neither generative nor a model of missing values: <see cref="Sample"/> and
/// <see cref="Impute(Dataset{float}, Rng, int, CancellationToken)"/> are usage errors, and data with
/// missing values are refused (it would read them as zeros).
/// </remarks>
internal sealed class AutoencoderModel : ICliModel
{
    private const int RowsPerChunk = 1024;

    /// <summary>
    /// The most training rows the PCA reference is fit on (the first ones): its thin QR costs 2nd² flops in
    /// MathNet's managed code, about a minute for all 60000 rows of Fashion-MNIST, and the top principal
    /// subspace is already well determined by a few thousand rows.
    /// </summary>
    private const int PcaRows = 5000;

    /// <summary>Wraps <paramref name="autoencoder"/>, built from <paramref name="settings"/>.</summary>
    public AutoencoderModel(ModelSettings settings, AutoencoderBase<float> autoencoder)
    {
        Settings = settings;
        Autoencoder = autoencoder;
        Parameters = new ParameterSet<float>(autoencoder);
    }

    /// <summary>The wrapped autoencoder.</summary>
    public AutoencoderBase<float> Autoencoder { get; }

    /// <inheritdoc />
    public ModelSettings Settings { get; }

    /// <inheritdoc />
    public ParameterSet<float> Parameters { get; }

    /// <inheritdoc />
    public Var<float> Loss(Tape<float> tape, Batch<float> batch, Rng rng) => Autoencoder.Objective(tape.Constant(batch.Features), rng);

    /// <inheritdoc />
    public IReadOnlyList<Metric> TestMetrics(IRowSource<float> test, Rng rng) =>
        [new("test_reconstruction_error", ReconstructionError(Autoencoder, test, CancellationToken.None))];

    /// <inheritdoc />
    public IReadOnlyList<Metric> Evaluate(Dataset<float> data, IRowSource<float> train, Rng rng, int samples, CancellationToken cancellation)
    {
        double error = ReconstructionError(Autoencoder, data, cancellation);
        var fit = train.FirstRows(Math.Min(PcaRows, train.Count));
        int components = Math.Min(Settings.LatentSize, Math.Min(fit.Count, fit.Dimension));
        cancellation.ThrowIfCancellationRequested();
        var pca = Pca<float>.Fit(fit.Features, components);
        string rows = fit.Count == train.Count ? $"the {train.Count}" : $"the first {fit.Count} of the {train.Count}";
        return
        [
            new("reconstruction_error", error, Detail: "mean over rows of ‖x̂ − x‖²"),
            new("pca_reconstruction_error", ReconstructionError(pca, data, cancellation),
                Detail: string.Create(CultureInfo.InvariantCulture, $"PCA with {components} components fit on {rows} training rows")),
        ];
    }

    /// <inheritdoc />
    public Tensor<float> Reconstruct(Dataset<float> data, CancellationToken cancellation)
    {
        Complete(data);
        var result = new Tensor<float>(data.Features.Shape);
        int done = 0;
        foreach (var chunk in Chunking.Chunks(data, RowsPerChunk))
        {
            cancellation.ThrowIfCancellationRequested();
            Autoencoder.Reconstruct(chunk.Features).ReadOnlySpan.CopyTo(result.Span[(done * data.Dimension)..]);
            done += chunk.Count;
        }
        return result;
    }

    /// <inheritdoc />
    public Tensor<float> Sample(int count, IReadOnlyList<int>? labels, Rng rng) => throw NotLatent("sample from");

    /// <inheritdoc />
    public Tensor<float> Impute(Dataset<float> data, Rng rng, int samples, CancellationToken cancellation) => throw NotLatent("impute with");

    /// <inheritdoc />
    public IReadOnlyList<Tensor<float>> Impute(Dataset<float> data, int draws, Rng rng, int samples, CancellationToken cancellation) =>
        throw NotLatent("impute with");

    /// <summary>(1/n) Σₙ ‖x̂ₙ − xₙ‖² over <paramref name="data"/>, accumulated in double chunk by chunk in row order.</summary>
    /// <remarks>The chunks are copied into one buffer (a <see cref="MiniBatcher{T}"/> in row order), so a compact source is converted one chunk at a time.</remarks>
    private double ReconstructionError(IReconstructor<float> model, IRowSource<float> data, CancellationToken cancellation)
    {
        Complete(data);
        double sum = 0;
        foreach (var chunk in new MiniBatcher<float>(data, RowsPerChunk, seed: 0, shuffle: false).Epoch(0))
        {
            cancellation.ThrowIfCancellationRequested();
            ReadOnlySpan<float> x = chunk.Features.ReadOnlySpan, reconstruction = model.Reconstruct(chunk.Features).ReadOnlySpan;
            for (int i = 0; i < x.Length; i++)
            {
                double e = (double)reconstruction[i] - x[i];
                sum += e * e;
            }
        }
        return sum / data.Count;
    }

    /// <summary>Refuses rows with missing values, which an autoencoder would read as zeros.</summary>
    private void Complete(IRowSource<float> data)
    {
        if (data.HasMask)
            throw new UsageException($"the {Settings.Kind} model cannot read rows with missing values (it would take them for zeros); use a miwae run.");
    }

    private UsageException NotLatent(string what) =>
        new($"cannot {what} the {Settings.Kind} model: it is a deterministic autoencoder with no prior or likelihood; train a VAE kind (vae, beta-vae, iwae, cvae, miwae).");
}
