using System.Globalization;
using Vae.Cli.Data;
using Vae.Cli.Models;
using Vae.Cli.Output;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Core.Training;

namespace Vae.Cli.Training;

/// <summary>
/// <c>vae train</c>: builds or resumes a run, trains it with <see cref="Trainer{T}"/>, logs every epoch to
/// <c>metrics.jsonl</c> and checkpoints it; on cancellation (Ctrl-C) it finishes the current step, saves
/// a checkpoint of exactly that point and returns <see cref="ExitCodes.Interrupted"/>.
/// </summary>
/// <remarks>
/// Streams: the training noise is the trainer's <c>Rng.Create(seed)</c>; the batch order and the
/// train/test split are keyed by the seed itself; the initial weights and the held-out metrics of epoch
/// e use keys derived from the seed (<see cref="Seeds"/>), so neither touches the training stream. A resumed run therefore continues bit for bit, from an epoch boundary
/// or from the middle of an epoch.
/// </remarks>
internal static class TrainingSession
{
    private const int DefaultLatent = 20, DefaultEpochs = 10, DefaultBatch = 128;
    private const double DefaultLearningRate = 1e-3, DefaultTestFraction = 0.2;

    /// <summary>Runs <paramref name="request"/>; returns the exit code.</summary>
    public static int Run(TrainRequest request, CliContext context)
    {
        string directory = Path.GetFullPath(request.Out);
        string manifest = Path.Combine(directory, Checkpoint.ManifestFileName);
        if (request.Epochs is < 1) throw new UsageException($"--epochs must be at least 1; got {request.Epochs}.");
        Checkpoint? checkpoint = null;
        RunConfiguration config;
        LoadedData data;
        if (request.Resume)
        {
            if (request.FixedOptionsGiven.Count > 0)
                throw new UsageException($"{request.FixedOptionsGiven[0]} cannot change when resuming: the checkpoint in '{directory}' fixes it (only --epochs may be given).");
            if (!File.Exists(manifest)) throw new UsageException($"--resume: there is no checkpoint in '{directory}'.");
            checkpoint = Checkpoint.Load(directory);
            config = RunConfiguration.Of(checkpoint);
            if (request.Epochs is { } epochs) config = config with { Training = config.Training with { Epochs = epochs } };
            data = DataSources.Load(config.Data);
        }
        else
        {
            if (File.Exists(manifest))
                throw new UsageException($"'{directory}' already holds a checkpoint; pass --resume to continue it, or choose another --out.");
            (config, data) = Configure(request);
        }
        return Train(config, data, checkpoint, directory, context);
    }

    private static (RunConfiguration, LoadedData) Configure(TrainRequest request)
    {
        if (request.Batch is < 1) throw new UsageException($"--batch must be at least 1; got {request.Batch}.");
        if (request.LearningRate is { } lr && !(lr > 0 && double.IsFinite(lr))) throw new UsageException($"--lr must be finite and > 0; got {lr}.");
        ulong seed = request.Seed ?? 0;
        var dataSettings = DataSources.Resolve(request.Data ?? DataFormats.Digits, request.TestFraction ?? DefaultTestFraction, seed, !request.NoHeader);
        var data = DataSources.Load(dataSettings);
        var kind = ModelCatalog.Get(request.Model ?? (data.Info.HasMissing ? "miwae" : "vae"));
        var model = kind.Configure(new ModelRequest(request.Latent ?? DefaultLatent, request.Hidden, request.Beta, request.Samples, request.Likelihood)
        {
            Sparsity = request.Sparsity,
            SparsityTarget = request.SparsityTarget,
            SparsityWeight = request.SparsityWeight,
            Noise = request.Noise,
            NoiseLevel = request.NoiseLevel,
            Corruptions = request.Corruptions,
            ContractiveWeight = request.ContractiveWeight,
        }, data.Info);
        var training = new TrainingSettings
        {
            Epochs = request.Epochs ?? DefaultEpochs,
            BatchSize = request.Batch ?? DefaultBatch,
            LearningRate = request.LearningRate ?? DefaultLearningRate,
            Seed = seed,
        };
        return (new RunConfiguration { Model = model, Data = dataSettings, Training = training }, data);
    }

    private static int Train(RunConfiguration config, LoadedData data, Checkpoint? checkpoint, string directory, CliContext context)
    {
        var settings = config.Training;
        var model = TrainedRun.Kind(config, checkpoint?.ManifestPath).Build(config.Model, Rng.Create(Seeds.Derive(settings.Seed, Seeds.Initialisation, 0)));
        var options = TrainingOptions.Default with
        {
            Epochs = settings.Epochs, BatchSize = settings.BatchSize, LearningRate = settings.LearningRate, Seed = settings.Seed,
        };
        var trainer = new Trainer<float>(model.Parameters.Tensors, data.Train, model.Loss, options);
        Directory.CreateDirectory(directory);
        var metrics = new MetricsLog(directory);
        if (checkpoint is not null)
        {
            checkpoint.LoadParameters(model.Parameters);
            trainer.Optimizer.SetState(checkpoint.OptimizerStateFor([.. model.Parameters.Select(p => p.Name)])
                ?? throw new CheckpointException(checkpoint.ManifestPath, "it holds no optimiser state to resume from."));
            trainer.Rng = Rng.FromState(checkpoint.Rng ?? throw new CheckpointException(checkpoint.ManifestPath, "it holds no generator state to resume from."));
            trainer.Progress = checkpoint.Progress;
            if (checkpoint.Epoch >= settings.Epochs)
            {
                context.Output.WriteLine($"'{directory}' is already trained for {checkpoint.Epoch} epochs; give a larger --epochs to train on.");
                return ExitCodes.Success;
            }
            metrics.KeepThrough(checkpoint.Epoch);
        }
        else metrics.Clear();

        var json = config.ToJson();
        TrainingProgress? saved = checkpoint?.Progress;
        void Save()
        {
            Checkpoint.Save(directory, model.Parameters, json, trainer.Progress, trainer.Optimizer.GetState(), trainer.Rng.GetState());
            saved = trainer.Progress;
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(checkpoint is null ? "training" : "resuming")} {config.Model.Kind} on {Describe(config.Data)}: {data.Train.Count} training and {data.Test.Count} test rows of {data.Info.Dimension} features, into '{directory}'"));
        int batches = (data.Train.Count + settings.BatchSize - 1) / settings.BatchSize;
        var start = trainer.Progress;
        try
        {
            TrainingDisplay.Run(context, settings.Epochs, batches, (long)start.Epoch * batches + start.Batch, display =>
                trainer.Fit(
                    report =>
                    {
                        var held = model.TestMetrics(data.Test, Rng.Create(Seeds.Derive(settings.Seed, Seeds.Evaluation, (uint)report.Epoch)));
                        metrics.Append(report, held);
                        Save();
                        CollectTemporaries();
                        display.Epoch(report, held);
                    },
                    _ => display.Step(),
                    context.Cancellation));
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            if (saved != trainer.Progress) Save();
            var at = trainer.Progress;
            string where = at.Batch == 0 ? $"after epoch {at.Epoch}" : $"after batch {at.Batch} of {batches} of epoch {at.Epoch + 1}";
            context.Error.WriteLine($"vae: interrupted {where}; checkpoint saved in '{directory}' (continue with: vae train --resume --out \"{directory}\")");
            return ExitCodes.Interrupted;
        }
        context.Output.WriteLine($"done: {settings.Epochs} epochs; checkpoint '{Path.Combine(directory, Checkpoint.ManifestFileName)}', metrics '{metrics.Path}'");
        return ExitCodes.Success;
    }

    /// <summary>
    /// A full blocking garbage collection, the only one of an epoch, run after its held-out evaluation and
    /// its checkpoint, whose temporaries then die: the evaluation's tape and chunk buffer (33 MB for the
    /// reference 784-400-20 VAE on 1024-row chunks) and the checkpoint's float64 copy of the optimiser
    /// state (10 MB).
    /// </summary>
    /// <remarks>
    /// Left to itself the collector keeps them: they live through the young-generation collections
    /// that happen meanwhile and so pile up in generation 2 until its budget runs out. Peak resident
    /// memory of training on Fashion-MNIST, with this call and without: 154 and 213 MB after 2 epochs,
    /// 157 and 289 MB after 5 (a second call between the evaluation and the checkpoint would save
    /// another 8 MB at the cost of a second collection per epoch). The call takes 2 to 4 ms (the live
    /// heap is a few large arrays) against most of a second of training per epoch.
    /// </remarks>
    private static void CollectTemporaries() => GC.Collect();

    private static string Describe(DataSettings data) => data.Format switch
    {
        DataFormats.Digits => "the embedded digits",
        DataFormats.FashionMnist => $"Fashion-MNIST ({data.Directory})",
        _ => $"'{data.Source}'",
    };
}
