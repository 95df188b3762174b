using Vae.Cli.Models;
using Vae.Core.Data;

namespace Vae.Cli.Data;

/// <summary>The training and test rows in the model's space, and how to map values back to the source's.</summary>
/// <param name="Settings">Where they came from.</param>
/// <param name="Train">The training rows.</param>
/// <param name="Test">The held-out rows.</param>
/// <param name="Standardizer">The standardisation fitted on the training rows (CSV), or null when values are used as read.</param>
/// <param name="Columns">A name per feature (the CSV header's, else x0, x1, …).</param>
/// <param name="Info">What a model needs to know about the data.</param>
internal sealed record LoadedData(DataSettings Settings, Dataset<float> Train, Dataset<float> Test, Standardizer? Standardizer,
    IReadOnlyList<string> Columns, DataInfo Info)
{
    /// <summary>Model-space values [n, features] in the source's units.</summary>
    public Core.Tensors.Tensor<float> ToSource(Core.Tensors.Tensor<float> values) => Standardizer?.Invert(values) ?? values;
}
