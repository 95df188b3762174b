using Vae.Core.Autoencoders;
using Vae.Core.Randomness;
using Vae.Core.Training;
using Vae.Figures.Charts;

namespace Vae.Cli.Reproduce;

/// <summary>
/// Reconstruction error against code size on the digits for PCA, a linear autoencoder and a deep
/// autoencoder: the linear autoencoder should match PCA (Baldi and Hornik, 1989) and span its subspace,
/// the deep one should do better at small codes.
/// </summary>
internal sealed class AutoencoderVsPca : IExperiment
{
    /// <summary>The code sizes compared.</summary>
    public static readonly int[] CodeSizes = [2, 4, 8, 16];

    /// <summary>The deep autoencoder's hidden width (encoder 64-H-k, decoder k-H-64).</summary>
    public const int Hidden = 128;

    /// <inheritdoc />
    public string Name => "autoencoders against PCA";

    /// <inheritdoc />
    public void Run(ExperimentContext context)
    {
        var (train, test) = (context.Digits.Train, context.Digits.Test);
        var budget = context.Budget;
        var table = new ResultTable("ae-vs-pca",
            Column.Number("code size k", "code_size"),
            Column.Number("PCA, train", "pca_train"),
            Column.Number("linear AE, train", "linear_ae_train"),
            Column.Number("PCA, test", "pca_test"),
            Column.Number("linear AE, test", "linear_ae_test"),
            Column.Number("deep AE, test", "deep_ae_test"),
            Column.Number("largest angle to PCA subspace (°)", "largest_principal_angle_degrees"));
        var pcaTest = new List<double>();
        var linearTest = new List<double>();
        var deepTest = new List<double>();
        double worstGap = 0, worstAngle = 0;
        foreach (int k in CodeSizes)
        {
            var pca = Pca<float>.Fit(train.Features, k);
            var linear = new LinearAutoencoder<float>(train.Dimension, k, Rng.Create(100 + (ulong)k));
            ModelTraining.Autoencoder(linear, train, new TrainingOptions { Epochs = budget.LinearEpochs, BatchSize = 64, LearningRate = 3e-3, Seed = 200 + (ulong)k },
                context.Cancellation);
            var rng = Rng.Create(300 + (ulong)k);
            var deep = new Autoencoder<float>(
                new DenseNetwork<float>([train.Dimension, Hidden, k], ActivationKind.Relu, ActivationKind.Identity, rng),
                new DenseNetwork<float>([k, Hidden, train.Dimension], ActivationKind.Relu, ActivationKind.Sigmoid, rng));
            ModelTraining.Autoencoder(deep, train, new TrainingOptions { Epochs = budget.AutoencoderEpochs, BatchSize = 64, Seed = 400 + (ulong)k },
                context.Cancellation);

            double pcaTrain = pca.ReconstructionError(train.Features), linearTrain = linear.ReconstructionError(train.Features);
            double angle = Subspaces.LargestAngleDegrees(linear.DecoderLayer.Weight, pca.GetComponents());
            pcaTest.Add(pca.ReconstructionError(test.Features));
            linearTest.Add(linear.ReconstructionError(test.Features));
            deepTest.Add(deep.ReconstructionError(test.Features));
            worstGap = Math.Max(worstGap, linearTrain / pcaTrain - 1);
            worstAngle = Math.Max(worstAngle, angle);
            table.Add(Cell.Count(k), Cell.Number(pcaTrain, 3), Cell.Number(linearTrain, 3), Cell.Number(pcaTest[^1], 3),
                Cell.Number(linearTest[^1], 3), Cell.Number(deepTest[^1], 3), Cell.Number(angle, 1));
        }
        table.Notes.Add($"Mean over images of the squared reconstruction error ‖x̂ − x‖² summed over the 64 pixels (pixels in [0, 1]); " +
                        $"{train.Count} training and {test.Count} test images. Linear AE: {budget.LinearEpochs} epochs of Adam; deep AE: {budget.AutoencoderEpochs} epochs.");
        context.Output.Table(table);
        context.Output.Value("linear-ae-worst-gap", Numbers.Percent(worstGap, 1));
        context.Output.Value("linear-ae-worst-angle", Numbers.Fixed(worstAngle, 1));
        context.Output.Value("deep-ae-k2-ratio", Numbers.Fixed(deepTest[0] / pcaTest[0], 2));

        double[] sizes = [.. CodeSizes.Select(k => (double)k)];
        context.Output.Figure("ae-vs-pca", new LineChart(
        [
            new Series("PCA", sizes, pcaTest) { Marker = MarkerShape.Circle },
            new Series("linear autoencoder", sizes, linearTest) { Dashed = true },
            new Series($"deep autoencoder (64-{Hidden}-k)", sizes, deepTest) { Marker = MarkerShape.Triangle },
        ])
        {
            Title = "Test reconstruction error on the 8×8 digits",
            XLabel = "code size k",
            YLabel = "mean squared error per image",
        });
    }
}
