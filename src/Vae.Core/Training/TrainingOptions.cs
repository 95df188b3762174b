namespace Vae.Core.Training;

/// <summary>
/// How <see cref="Trainer"/> runs: epochs, batch size, Adam's learning rate, seed and clipping.
/// C#: <c>TrainingOptions.Default with { Epochs = 5 }</c>; F#: <c>TrainingOptions(Epochs = 5)</c>.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The defaults: 10 epochs of batch 128, Adam at 1e-3, seed 0, no clipping, shuffled, no binarisation.</summary>
    public static TrainingOptions Default { get; } = new();

    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Rows per mini-batch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's step size.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seeds the batch order, dynamic binarisation and the objective's noise.</summary>
    public ulong Seed { get; init; }

    /// <summary>Clip the gradient to this global norm before each step (0: off).</summary>
    public double ClipNorm { get; init; }

    /// <summary>Whether each epoch visits the rows in a fresh random order (else in file order).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Dynamic binarisation: each value p in [0, 1] is replaced by a fresh Bernoulli(p) draw every epoch.</summary>
    public bool Binarize { get; init; }

    /// <summary>Checks the values; throws naming the offending property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Epochs, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate >= 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), $"LearningRate must be finite and >= 0; got {LearningRate}.");
        if (!(ClipNorm >= 0)) throw new ArgumentOutOfRangeException(nameof(ClipNorm), $"ClipNorm must be >= 0; got {ClipNorm}.");
    }
}
