using Vae.Core.Autoencoders;
using Vae.Core.Randomness;
using Vae.Core.Training;
using Vae.Figures.Charts;

namespace Vae.Cli.Reproduce;

/// <summary>
/// Sparse autoencoders on the digits: a sigmoid code of <see cref="Units"/> units trained without a
/// penalty, with an L1 penalty and with the KL penalty towards ρ = 0.05 (Ng's lecture notes); the mean
/// activation of each unit shows what each penalty does.
/// </summary>
internal sealed class SparseAutoencoders : IExperiment
{
    /// <summary>The code units (as many as pixels: only a penalty stops the code from copying the input).</summary>
    public const int Units = 64;

    /// <summary>The KL penalty's target mean activation ρ.</summary>
    public const double Target = 0.05;

    /// <summary>The KL penalty's weight β.</summary>
    public const double KlWeight = 3;

    /// <summary>The L1 penalty's weight λ.</summary>
    public const double L1Weight = 0.1;

    /// <inheritdoc />
    public string Name => "sparse autoencoders";

    /// <inheritdoc />
    public void Run(ExperimentContext context)
    {
        var (train, test) = (context.Digits.Train, context.Digits.Test);
        (string Name, string Short, SparsityPenalty? Penalty)[] variants =
        [
            ("no penalty", "none", null),
            ($"L1, λ = {Numbers.RoundTrip(L1Weight)}", "l1", SparsityPenalty.L1(L1Weight)),
            ($"KL, ρ = {Numbers.RoundTrip(Target)}, β = {Numbers.RoundTrip(KlWeight)}", "kl", SparsityPenalty.KlDivergence(Target, KlWeight)),
        ];
        var table = new ResultTable("sparse",
            Column.Text("penalty", "penalty"),
            Column.Number("test error", "test_error"),
            Column.Number("mean ρ̂ⱼ", "mean_activation"),
            Column.Number("median ρ̂ⱼ", "median_activation"),
            Column.Number("activations < 0.1", "fraction_below_0.1"));
        var series = new List<Series>();
        MarkerShape[] markers = [MarkerShape.Circle, MarkerShape.Square, MarkerShape.Triangle];
        for (int v = 0; v < variants.Length; v++)
        {
            var (name, shortName, penalty) = variants[v];
            var rng = Rng.Create(500 + (ulong)v);
            var encoder = new DenseNetwork<float>([train.Dimension, Units], ActivationKind.Identity, ActivationKind.Sigmoid, rng);
            var decoder = new DenseNetwork<float>([Units, train.Dimension], ActivationKind.Identity, ActivationKind.Sigmoid, rng);
            AutoencoderBase<float> model = penalty is null
                ? new Autoencoder<float>(encoder, decoder)
                : new SparseAutoencoder<float>(encoder, decoder, ReconstructionLoss.SquaredError, penalty);
            ModelTraining.Autoencoder(model, train,
                new TrainingOptions { Epochs = context.Budget.AutoencoderEpochs, BatchSize = 64, LearningRate = 3e-3, Seed = 600 + (ulong)v },
                context.Cancellation);
            var codes = model.Encode(test.Features);
            var means = CodeStatistics.MeanActivations(codes);
            var sorted = means.Order().ToArray();
            double median = (sorted[(Units - 1) / 2] + sorted[Units / 2]) / 2;
            double below = CodeStatistics.FractionBelow(codes, 0.1);
            table.Add(Cell.Text(name), Cell.Number(model.ReconstructionError(test.Features), 3), Cell.Number(means.Average(), 3),
                Cell.Number(median, 3), new Cell(Numbers.Percent(below), [Numbers.RoundTrip(below)]));
            context.Output.Value($"sparse-{shortName}-mean", Numbers.Fixed(means.Average(), 3));
            context.Output.Value($"sparse-{shortName}-off", Numbers.Integer(means.Count(m => m < 0.01)));
            series.Add(new Series(name, [.. Enumerable.Range(1, Units).Select(j => (double)j)], [.. sorted.Reverse()]) { Marker = markers[v] });
        }
        table.Notes.Add($"Code of {Units} sigmoid units (64-{Units}-64, squared error, {context.Budget.AutoencoderEpochs} epochs); ρ̂ⱼ is unit j's mean activation over the {test.Count} test images.");
        context.Output.Table(table);
        series.Add(new Series($"target ρ = {Numbers.RoundTrip(Target)}", [1.0, Units], [Target, Target]) { Dashed = true, Color = "#555555" });
        context.Output.Figure("sparse-activations", new LineChart(series)
        {
            Title = "Mean activation of each code unit (test digits)",
            XLabel = "unit, sorted by mean activation",
            YLabel = "mean activation ρ̂ⱼ",
            LogY = true,
            XRange = new AxisRange(0, Units),
            Legend = LegendPlacement.BottomLeft,
        });
    }
}
