using System.Numerics;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Training;

namespace Vae.Core.Autoencoders;

/// <summary>Trains any <see cref="IAutoencoder{T}"/> with the shared <see cref="Trainer{T}"/> by minimising its objective.</summary>
public static class AutoencoderTraining
{
    /// <summary>A trainer for <paramref name="model"/> on <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data's width differs from the model's input, or the data have missing values (an autoencoder would silently read them as zeros).</exception>
    public static Trainer<T> CreateTrainer<T>(IAutoencoder<T> model, IRowSource<T> data, TrainingOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Dimension != model.InputSize)
            throw new ArgumentException($"The data have {data.Dimension} features; the model takes {model.InputSize}.", nameof(data));
        if (data.HasMask)
            throw new ArgumentException("The data have a mask of missing values, which an autoencoder objective would silently treat as zeros.", nameof(data));
        return new Trainer<T>(new ParameterSet<T>(model).Tensors, data, (tape, batch, rng) => model.Objective(tape.Constant(batch.Features), rng), options);
    }

    /// <summary>Trains <paramref name="model"/> for <c>options.Epochs</c> epochs.</summary>
    public static IReadOnlyList<EpochReport> Train<T>(IAutoencoder<T> model, IRowSource<T> data, TrainingOptions options, Action<EpochReport>? onEpoch = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        CreateTrainer(model, data, options).Fit(onEpoch);
}
