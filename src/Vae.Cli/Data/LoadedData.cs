using Vae.Cli.Models;
using Vae.Core.Data;

namespace Vae.Cli.Data;

/// <summary>The training and test rows in the model's space, and how to map values back to the source's.</summary>
/// <param name="Settings">Where they came from.</param>
/// <param name="Train">The training rows: a <see cref="Dataset{T}"/>, or for Fashion-MNIST an <see cref="ImageDataset{T}"/> that keeps them as bytes.</param>
/// <param name="Test">The held-out rows, of the same kind; passes over them go chunk by chunk (<see cref="RowSources"/>).</param>
/// <param name="Standardizer">The standardisation fitted on the training rows (CSV), or null when values are used as read.</param>
/// <param name="Columns">A name per feature (the CSV header's, else x0, x1, …).</param>
/// <param name="Info">What a model needs to know about the data.</param>
internal sealed record LoadedData(DataSettings Settings, IRowSource<float> Train, IRowSource<float> Test, Standardizer? Standardizer,
    IReadOnlyList<string> Columns, DataInfo Info)
{
    /// <summary>Model-space values [n, features] in the source's units.</summary>
    public Core.Tensors.Tensor<float> ToSource(Core.Tensors.Tensor<float> values) => Standardizer?.Invert(values) ?? values;
}
