using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Training;
using Vae.Figures.Png;
using Vae.Probabilistic.Evaluation;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Reproduce;

/// <summary>
/// The conditional VAE (Sohn et al., 2015) given the one-hot class: one row of samples per class, the
/// same latent code down each column, so the label sets the class and z the style.
/// </summary>
internal sealed class ConditionalVae : IExperiment
{
    /// <summary>Samples per class (columns of the grid).</summary>
    public const int Columns = 10;

    /// <inheritdoc />
    public string Name => "conditional VAE";

    /// <inheritdoc />
    public void Run(ExperimentContext context)
    {
        var data = context.Images;
        int classes = data.Classes;
        var model = new Vae<float>(new VaeOptions<float>
        {
            InputSize = data.Train.Dimension, LatentSize = data.Latent, HiddenSizes = data.Hidden, ConditionSize = classes,
        }, Rng.Create(3000));
        ModelTraining.Model(model, data.Train,
            (tape, batch, rng) => Elbo.Evaluate(model.Given(OneHot.Encode<float>(batch.Labels!, classes)), tape.Constant(batch.Features), rng).Loss,
            new TrainingOptions { Epochs = context.Budget.CvaeEpochs, BatchSize = data.BatchSize, LearningRate = data.LearningRate, Seed = 3100, Binarize = true }, context.Cancellation);

        var z = Generation.SamplePrior(model, Columns, Rng.Create(3200));
        var codes = TensorRows.Stack([.. Enumerable.Repeat(z, classes)]);
        var labels = Enumerable.Range(0, classes * Columns).Select(i => i / Columns).ToArray();
        var images = Generation.Decode(model, codes, Decoding.Mean, conditions: OneHot.Encode<float>(labels, classes));
        context.Output.Figure("cvae-samples", ImageGrid.Tile(images, data.Side, data.Side, columns: Columns, padding: 2, scale: data.Scale));

        var elbo = DatasetElbo.Evaluate(model, data.BinaryTest.Features, Rng.Create(3300), conditions: OneHot.Encode<float>(data.Test.Labels!, classes));
        context.Output.Value("cvae-elbo", Numbers.Fixed(elbo.Elbo, 2));
        context.Output.Value("cvae-epochs", Numbers.Integer(context.Budget.CvaeEpochs));
    }
}
