namespace Vae.Cli.Training;

/// <summary>How a run trains, as stored in a checkpoint's configuration.</summary>
internal sealed record TrainingSettings
{
    /// <summary>The total number of epochs to train for.</summary>
    public required int Epochs { get; init; }

    /// <summary>Rows per mini-batch.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Adam's learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Seeds the initialisation, the batch order, the objective's noise and the train/test split.</summary>
    public required ulong Seed { get; init; }
}
