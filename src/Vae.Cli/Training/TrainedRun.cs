using Vae.Cli.Data;
using Vae.Cli.Models;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Serialization;

namespace Vae.Cli.Training;

/// <summary>A trained run reopened from its checkpoint: the model with its weights, its data and its configuration.</summary>
/// <param name="Checkpoint">The verified checkpoint.</param>
/// <param name="Configuration">What the run was.</param>
/// <param name="Data">Its data, split and preprocessed as in training.</param>
/// <param name="Model">The model with the checkpoint's weights.</param>
internal sealed record TrainedRun(Checkpoint Checkpoint, RunConfiguration Configuration, LoadedData Data, ICliModel Model)
{
    /// <summary>Opens the checkpoint at <paramref name="path"/> (a run directory or its <c>checkpoint.json</c>).</summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint there.</exception>
    /// <exception cref="CheckpointException">It does not verify or does not fit the model it describes.</exception>
    public static TrainedRun Open(string path)
    {
        var checkpoint = Checkpoint.Load(path);
        var configuration = RunConfiguration.Of(checkpoint);
        var data = DataSources.Load(configuration.Data);
        var model = Kind(configuration, checkpoint.ManifestPath).Build(configuration.Model, Rng.Create(0));
        checkpoint.LoadParameters(model.Parameters);
        return new TrainedRun(checkpoint, configuration, data, model);
    }

    /// <summary>The model kind of <paramref name="configuration"/>.</summary>
    /// <exception cref="CheckpointException">This version of vae does not know it (<paramref name="manifest"/> names the checkpoint).</exception>
    public static IModelKind Kind(RunConfiguration configuration, string? manifest) =>
        ModelCatalog.Find(configuration.Model.Kind) ?? (manifest is null
            ? ModelCatalog.Get(configuration.Model.Kind)
            : throw new CheckpointException(manifest, $"the model '{configuration.Model.Kind}' is not one this version of vae knows."));

    /// <summary>The rows to work on: the run's test split, or every row of <paramref name="data"/>; at most <paramref name="maxRows"/>.</summary>
    /// <exception cref="UsageException"><paramref name="maxRows"/> is below 1.</exception>
    public Dataset<float> Rows(string? data, int? maxRows)
    {
        if (maxRows is < 1) throw new UsageException($"--max-rows must be at least 1; got {maxRows}.");
        IRowSource<float> rows = data is null ? Data.Test : DataSources.LoadOther(data, Data);
        int count = maxRows is { } m && m < rows.Count ? m : rows.Count;
        return rows.FirstRows(count);
    }

    /// <summary>A one-line description of <paramref name="rows"/>'s origin.</summary>
    public string Describe(string? data, Dataset<float> rows) =>
        $"{rows.Count} rows of {(data is null ? "the run's test split" : $"'{data}'")}";
}
