using Vae.Core.Autoencoders;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Training;
using Vae.Figures.Png;

namespace Vae.Cli.Reproduce;

/// <summary>
/// Denoising against plain autoencoders on the digits (Vincent et al., 2008): the same network trained
/// to reconstruct clean inputs from masked copies (a fraction ν of pixels set to 0, with L corruptions
/// per example) or from the clean inputs themselves, scored on test inputs masked at several rates.
/// </summary>
internal sealed class DenoisingAutoencoders : IExperiment
{
    /// <summary>The masking rate ν during training.</summary>
    public const double TrainingRate = 0.5;

    /// <summary>The masking rates of the test inputs.</summary>
    public static readonly double[] TestRates = [0, 0.25, 0.5];

    /// <summary>The test images shown in the figure.</summary>
    public const int Shown = 12;

    /// <inheritdoc />
    public string Name => "denoising autoencoders";

    /// <inheritdoc />
    public void Run(ExperimentContext context)
    {
        var (train, test) = (context.Digits.Train, context.Digits.Test);
        (string Name, Corruption? Corruption, int Copies)[] variants =
        [
            ("plain AE", null, 1),
            ($"denoising AE, ν = {Numbers.RoundTrip(TrainingRate)}, L = 1", Corruption.Masking(TrainingRate), 1),
            ($"denoising AE, ν = {Numbers.RoundTrip(TrainingRate)}, L = 4", Corruption.Masking(TrainingRate), 4),
        ];
        // The same corrupted test inputs for every model.
        var corrupted = TestRates.Select((rate, i) => Corruption.Masking(rate).Apply(test.Features, Rng.Create(700 + (ulong)i))).ToArray();
        var table = new ResultTable("denoising",
            [Column.Text("model", "model"), .. TestRates.Select(r => Column.Number($"test inputs masked at {Numbers.Percent(r)}", $"error_masked_{Numbers.RoundTrip(r)}"))]);
        var models = new List<AutoencoderBase<float>>();
        var errorsByModel = new List<double[]>();
        for (int v = 0; v < variants.Length; v++)
        {
            var (name, corruption, copies) = variants[v];
            var rng = Rng.Create(800 + (ulong)v);
            var encoder = new DenseNetwork<float>([train.Dimension, 64, 32], ActivationKind.Relu, ActivationKind.Relu, rng);
            var decoder = new DenseNetwork<float>([32, 64, train.Dimension], ActivationKind.Relu, ActivationKind.Sigmoid, rng);
            AutoencoderBase<float> model = corruption is null
                ? new Autoencoder<float>(encoder, decoder)
                : new DenoisingAutoencoder<float>(encoder, decoder, ReconstructionLoss.SquaredError, corruption, copies);
            ModelTraining.Autoencoder(model, train,
                new TrainingOptions { Epochs = context.Budget.AutoencoderEpochs, BatchSize = 64, LearningRate = 3e-3, Seed = 900 + (ulong)v },
                context.Cancellation);
            models.Add(model);
            // The error of the reconstruction from the corrupted input against the clean input.
            var errors = corrupted.Select(x => TensorRows.MeanSquaredError(model.Reconstruct(x), test.Features)).ToArray();
            table.Add([Cell.Text(name), .. errors.Select(e => Cell.Number(e, 3))]);
            errorsByModel.Add(errors);
        }
        table.Notes.Add($"Mean over test images of ‖x̂ − x‖² against the clean image; the inputs have a fraction of their 64 pixels set to 0 at random (the same pixels for every model). " +
                        $"Networks 64-64-32-64-64 (ReLU, sigmoid output, squared error), {context.Budget.AutoencoderEpochs} epochs each.");
        context.Output.Table(table);
        context.Output.Value("plain-ae-masked-error", Numbers.Fixed(errorsByModel[0][^1], 2));
        context.Output.Value("dae-masked-error", Numbers.Fixed(errorsByModel[1][^1], 2));
        context.Output.Value("dae4-masked-error", Numbers.Fixed(errorsByModel[2][^1], 2));
        context.Output.Value("dae-clean-remark", errorsByModel[1][0] > errorsByModel[0][0]
            ? "The price is paid on clean inputs, where its error is higher than the plain autoencoder's: it has learned to fill in rather than to copy."
            : "It does not even pay for this on clean inputs, where its error is no higher than the plain autoencoder's.");

        // Rows: clean, masked at the training rate, the plain AE's and the L = 1 denoising AE's reconstructions.
        var clean = TensorRows.First(test.Features, Shown);
        var masked = TensorRows.First(corrupted[^1], Shown);
        var grid = TensorRows.Stack([clean, masked, models[0].Reconstruct(masked), models[1].Reconstruct(masked)]);
        context.Output.Figure("denoising", ImageGrid.Tile(grid, 8, 8, columns: Shown, padding: 2, scale: 6));
    }
}
