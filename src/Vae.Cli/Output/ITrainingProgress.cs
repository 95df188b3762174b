using Vae.Cli.Models;
using Vae.Core.Training;

namespace Vae.Cli.Output;

/// <summary>Shows a training run's progress: a live bar on a terminal, a line per epoch otherwise.</summary>
internal interface ITrainingProgress
{
    /// <summary>One optimiser step is done.</summary>
    void Step();

    /// <summary>An epoch is done, with its held-out metrics.</summary>
    void Epoch(EpochReport report, IReadOnlyList<Metric> metrics);
}
