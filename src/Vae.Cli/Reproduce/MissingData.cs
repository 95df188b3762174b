using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Training;
using Vae.Probabilistic.Evaluation;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Reproduce;

/// <summary>
/// MIWAE (Mattei and Frellsen, 2019, section 5.1) on Breast Cancer: standardise on the observed values,
/// hide half the values completely at random, train on the incomplete data with the K-sample bound on
/// log p(x_obs), impute the hidden values by self-normalised importance sampling, and compare with
/// mean imputation on the hidden values' true (standardised) values.
/// </summary>
internal sealed class MissingData : IExperiment
{
    /// <summary>The fraction of values hidden.</summary>
    public const double Rate = 0.5;

    /// <summary>K of the training bound.</summary>
    public const int TrainingSamples = 20;

    /// <summary>Latent dimensions.</summary>
    public const int Latent = 10;

    /// <summary>Hidden widths (tanh) of encoder and decoder.</summary>
    public static readonly int[] Hidden = [64, 64];

    /// <inheritdoc />
    public string Name => "missing data (MIWAE)";

    /// <inheritdoc />
    public void Run(ExperimentContext context)
    {
        var budget = context.Budget;
        var full = BreastCancer.Load<float>();
        var table = new ResultTable("miwae",
            Column.Text("seed", "seed"),
            Column.Number("hidden values", "missing_values"),
            Column.Number("MIWAE MSE", "miwae_mse"),
            Column.Number("mean imputation MSE", "mean_imputation_mse"),
            Column.Number("MIWAE / mean", "ratio"));
        var ratios = new List<double>();
        var miwaeErrors = new List<double>();
        var meanErrors = new List<double>();
        for (int s = 1; s <= budget.MissingDataSeeds; s++)
        {
            ulong seed = (ulong)s;
            var hidden = Missingness.Mcar(full, Rate, seed);
            var standardizer = Standardizer.Fit(hidden);
            var data = standardizer.Apply(hidden);
            var mask = data.Mask!;
            var truth = standardizer.Apply(full).Features;
            var model = new Vae<float>(new VaeOptions<float>
            {
                InputSize = data.Dimension, LatentSize = Latent, HiddenSizes = Hidden, Activation = Ops.Tanh,
                Likelihood = GaussianLikelihood<float>.Learned(data.Dimension),
            }, Rng.Create(4000 + seed));
            ModelTraining.Model(model, data, (tape, batch, rng) => -Iwae.Bound(model, tape.Constant(batch.Features), rng, TrainingSamples, batch.Mask),
                new TrainingOptions { Epochs = budget.MiwaeEpochs, BatchSize = 64, Seed = 4100 + seed }, context.Cancellation);
            var imputed = Imputation.Single(model, data.Features, mask, Rng.Create(4200 + seed), budget.ImputationSamples);
            var miwae = ImputationError.Evaluate(imputed, truth, mask);
            var baseline = ImputationError.Evaluate(MeanImputation.Impute(data.Features, mask), truth, mask);
            miwaeErrors.Add(miwae.MeanSquaredError);
            meanErrors.Add(baseline.MeanSquaredError);
            ratios.Add(miwae.MeanSquaredError / baseline.MeanSquaredError);
            table.Add(Cell.Text(Numbers.Integer(s)), Cell.Count(miwae.MissingCells), Cell.Number(miwae.MeanSquaredError, 3),
                Cell.Number(baseline.MeanSquaredError, 3), Cell.Number(ratios[^1], 3));
        }
        table.Add(Cell.Text($"mean ± sd ({budget.MissingDataSeeds} seeds)"), Cell.Missing(),
            new Cell(MeanSd(miwaeErrors), [Numbers.RoundTrip(miwaeErrors.Average())]),
            new Cell(MeanSd(meanErrors), [Numbers.RoundTrip(meanErrors.Average())]),
            new Cell(MeanSd(ratios), [Numbers.RoundTrip(ratios.Average())]));
        table.Notes.Add($"Breast Cancer Wisconsin ({full.Count} tumours, {full.Dimension} features), standardised on the observed values, {Numbers.Percent(Rate)} of values hidden completely at random (the seed sets the pattern, the initialisation and the noise). " +
                        $"MIWAE: latent {Latent}, tanh layers {string.Join('-', Hidden)}, Gaussian likelihood with a learned variance per feature, K = {TrainingSamples}, {budget.MiwaeEpochs} epochs; " +
                        $"single imputation with {budget.ImputationSamples} importance samples. MSE over the hidden values on the standardised scale.");
        context.Output.Table(table);
        context.Output.Value("miwae-ratio", Numbers.Fixed(ratios.Average(), 2));
        context.Output.Value("miwae-seeds", Numbers.Integer(budget.MissingDataSeeds));
    }

    /// <summary>"mean ± sd" (sample standard deviation) with three decimals.</summary>
    private static string MeanSd(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return $"{Numbers.Fixed(mean, 3)} ± {Numbers.Fixed(sd, 3)}";
    }
}
