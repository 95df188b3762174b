using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Training;
using Vae.Figures.Charts;
using Vae.Figures.Png;
using Vae.Probabilistic.Evaluation;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Reproduce;

/// <summary>
/// The VAE family on binarised images (Bernoulli decoder): a VAE with a 2-D latent space (drawn as it
/// trains), and a VAE, two β-VAEs and an IWAE with a larger latent space; reconstructions, samples and
/// the 2-D latent manifold as image grids; test ELBO, importance-sampled log-likelihood, KL and active units.
/// </summary>
internal sealed class VariationalAutoencoders : IExperiment
{
    /// <summary>The β values of the β-VAE rows.</summary>
    public static readonly double[] Betas = [2, 4];

    /// <summary>K of the IWAE's training bound.</summary>
    public const int IwaeSamples = 5;

    /// <summary>The seed of every evaluation's noise: the same draws for every model and epoch.</summary>
    private const ulong EvaluationSeed = 2000;

    /// <summary>Test rows in the per-epoch ELBO curve (all of the digits' test split).</summary>
    private const int CurveRows = 2000;

    /// <inheritdoc />
    public string Name => "variational autoencoders";

    /// <inheritdoc />
    public void Run(ExperimentContext context)
    {
        var data = context.Images;
        var budget = context.Budget;
        var test = data.BinaryTest.Features;
        var curveRows = TensorRows.First(test, Math.Min(CurveRows, data.Test.Count));
        var shown = TensorRows.First(test, data.ShownPoints);
        var shownLabels = data.Test.Labels!.Take(data.ShownPoints).ToArray();
        var scored = TensorRows.First(test, Math.Min(budget.EvaluationRows, data.Test.Count));
        var variants = new List<(string Name, string Short, int Latent, Func<Vae<float>, Var<float>, Rng, Var<float>> Loss)>
        {
            ("VAE, z = 2", "vae2", 2, (m, x, rng) => Elbo.Evaluate(m, x, rng).Loss),
            ($"VAE, z = {data.Latent}", "vae", data.Latent, (m, x, rng) => Elbo.Evaluate(m, x, rng).Loss),
        };
        foreach (double beta in Betas)
            variants.Add(($"β-VAE, β = {Numbers.RoundTrip(beta)}, z = {data.Latent}", $"beta{Numbers.RoundTrip(beta)}", data.Latent,
                (m, x, rng) => Elbo.Evaluate(m, x, rng, ElboOptions.Default with { Beta = beta }).Loss));
        variants.Add(($"IWAE, K = {IwaeSamples}, z = {data.Latent}", "iwae", data.Latent, (m, x, rng) => -Iwae.Bound(m, x, rng, IwaeSamples)));

        var table = new ResultTable("vae",
            Column.Text("model", "model"),
            Column.Number("test ELBO", "test_elbo"),
            Column.Estimate($"test log p(x), K = {budget.LogLikelihoodSamples}", "test_log_likelihood"),
            Column.Number("KL(q ‖ p)", "test_kl"),
            Column.Number("active units", "active_units"));
        var curves = new List<Series>();
        var models = new Dictionary<string, Vae<float>>();
        var snapshots = new List<ScatterChart>();
        var kls = new Dictionary<string, double>();
        MarkerShape[] markers = [MarkerShape.Circle, MarkerShape.Square, MarkerShape.Triangle, MarkerShape.Diamond, MarkerShape.Circle];
        for (int v = 0; v < variants.Count; v++)
        {
            var (name, shortName, latent, loss) = variants[v];
            var model = new Vae<float>(new VaeOptions<float> { InputSize = data.Train.Dimension, LatentSize = latent, HiddenSizes = data.Hidden },
                Rng.Create(2100 + (ulong)v));
            var epochs = new List<double>();
            var elbos = new List<double>();
            ModelTraining.Model(model, data.Train, (tape, batch, rng) => loss(model, tape.Constant(batch.Features), rng),
                new TrainingOptions { Epochs = budget.VaeEpochs, BatchSize = data.BatchSize, LearningRate = data.LearningRate, Seed = 2200 + (ulong)v, Binarize = true },
                context.Cancellation,
                epoch =>
                {
                    epochs.Add(epoch);
                    elbos.Add(DatasetElbo.Evaluate(model, curveRows, Rng.Create(EvaluationSeed)).Elbo);
                    if (latent == 2 && budget.SnapshotEpochs.Contains(epoch))
                        snapshots.Add(new ScatterChart(Generation.Encode(model, shown), shownLabels, data.ClassNames)
                        {
                            Title = epoch == 1 ? "after 1 epoch" : $"after {epoch} epochs",
                            PointRadius = 1.8,
                            Opacity = 0.6,
                        });
                });
            models[shortName] = model;
            curves.Add(new Series(name, epochs, elbos) { Marker = epochs.Count <= 20 ? markers[v] : MarkerShape.None, Dashed = v >= 4 });

            var elbo = DatasetElbo.Evaluate(model, scored, Rng.Create(EvaluationSeed));
            var ll = LogLikelihood.Estimate(model, scored, Rng.Create(EvaluationSeed + 1), budget.LogLikelihoodSamples);
            var active = ActiveUnits.Evaluate(model, scored);
            table.Add(Cell.Text(name), Cell.Number(elbo.Elbo, 2), Cell.Estimate(ll.Mean, ll.StandardError, 2), Cell.Number(elbo.Kl, 2),
                new Cell($"{active.Count} of {latent}", [Numbers.Integer(active.Count)]));
            kls[shortName] = elbo.Kl;
            context.Output.Value($"{shortName}-elbo", Numbers.Fixed(elbo.Elbo, 2));
            context.Output.Value($"{shortName}-log-likelihood", Numbers.Fixed(ll.Mean, 2));
            context.Output.Value($"{shortName}-kl", Numbers.Fixed(elbo.Kl, 2));
            context.Output.Value($"{shortName}-active", Numbers.Integer(active.Count));
        }
        table.Notes.Add($"{data.Name}: {data.Train.Count} training images (binarised afresh every epoch) and {data.Test.Count} test images (binarised once); " +
                        $"{budget.VaeEpochs} epochs of Adam (batch {data.BatchSize}, step {Numbers.RoundTrip(data.LearningRate)}); " +
                        $"encoder {data.Train.Dimension}-{string.Join('-', data.Hidden)}-z (ReLU), decoder mirrored, Bernoulli likelihood. " +
                        "Scored on " + (scored.Shape[0] == data.Test.Count ? "the test set" : $"the first {scored.Shape[0]} test images") +
                        $": ELBO and KL in nats per image; log p(x) by importance sampling with K = {budget.LogLikelihoodSamples} (± its Monte Carlo standard error); " +
                        "active units: Cov_x(E_q[z_u]) > 0.01 (Burda et al., 2016).");
        context.Output.Table(table);
        context.Output.Value("vae-data", data.Description);
        context.Output.Value("beta-remark", kls["beta4"] < 0.1
            ? "At β = 4 the posterior has all but collapsed onto the prior: the decoder models the images almost without the code."
            : "Even at β = 4 the code still carries information about each image.");
        context.Output.Value("vae-epochs", Numbers.Integer(budget.VaeEpochs));

        context.Output.Figure("vae-training", new LineChart(curves)
        {
            Title = $"Test ELBO during training ({data.Name})",
            XLabel = "epoch",
            YLabel = "ELBO (nats per image)",
            Legend = LegendPlacement.BottomRight,
        });
        var final = snapshots[^1];
        context.Output.Figure("vae-latent", final with
        {
            Title = $"Posterior means of the test images, VAE with z = 2 ({data.Name})",
            XLabel = "z₁",
            YLabel = "z₂",
            PointRadius = 2.5,
            Opacity = 0.7,
            Width = 620,
            Height = 500,
        });
        context.Output.Figure("vae-latent-evolution", new ScatterPanels(snapshots)
        {
            Title = "The 2-D latent space during training (test images, coloured by class)",
            XLabel = "z₁",
            YLabel = "z₂",
            PanelWidth = 190,
            PanelHeight = 190,
        });

        int columns = data.Side == 8 ? 16 : 12;
        var inputs = TensorRows.First(test, columns);
        var reconstructions = TensorRows.Stack(
        [
            TensorRows.First(data.Test.Features, columns),
            inputs,
            Generation.Reconstruct(models["vae"], inputs, Decoding.Mean),
            Generation.Reconstruct(models["vae2"], inputs, Decoding.Mean),
        ]);
        context.Output.Figure("vae-reconstructions", ImageGrid.Tile(reconstructions, data.Side, data.Side, columns: columns, padding: 2, scale: data.Scale));
        var samples = Generation.Generate(models["vae"], 100, Decoding.Mean, Rng.Create(2300));
        context.Output.Figure("vae-samples", ImageGrid.Tile(samples, data.Side, data.Side, columns: 10, padding: 2, scale: data.Scale));
        context.Output.Figure("vae-manifold", ImageGrid.Tile(Generation.Decode(models["vae2"], Manifold(15), Decoding.Mean),
            data.Side, data.Side, columns: 15, padding: 1, scale: data.Scale));
    }

    /// <summary>
    /// A <paramref name="size"/>×<paramref name="size"/> grid of 2-D codes at the normal quantiles
    /// Φ⁻¹((i + ½)/size) (Kingma and Welling, 2014, figure 4), rows top to bottom in decreasing z₂.
    /// </summary>
    private static Tensor<float> Manifold(int size)
    {
        var z = new Tensor<float>(new Shape(size * size, 2));
        for (int row = 0; row < size; row++)
            for (int column = 0; column < size; column++)
            {
                z[row * size + column, 0] = (float)MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (column + 0.5) / size);
                z[row * size + column, 1] = (float)MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - (row + 0.5) / size);
            }
        return z;
    }
}
