namespace Vae.Core.Autoencoders;

/// <summary>The settings of an <see cref="AutoencoderTrainer{T}"/> run.</summary>
/// <param name="Epochs">Passes over the data made by <see cref="AutoencoderTrainer{T}.Fit"/>.</param>
/// <param name="BatchSize">Rows per mini-batch (the last batch of an epoch may be smaller).</param>
/// <param name="LearningRate">Adam's step size η (β = (0.9, 0.999), ε = 10⁻⁸, no weight decay).</param>
/// <param name="Seed">Seeds the batch order and the objective's generator; the same seed, model and data give bit-identical runs.</param>
/// <param name="Shuffle">Whether each epoch visits the rows in a fresh random order.</param>
public sealed record TrainingOptions(int Epochs = 10, int BatchSize = 64, double LearningRate = 1e-3, ulong Seed = 0, bool Shuffle = true);
