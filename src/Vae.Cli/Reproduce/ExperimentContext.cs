using Vae.Core.Data;

namespace Vae.Cli.Reproduce;

/// <summary>What every experiment gets: its budget, where to write, the shared digits split and the stop signal.</summary>
internal sealed class ExperimentContext
{
    /// <summary>The seed of the digits' train/test split, shared by every digits experiment.</summary>
    public const ulong DigitsSplitSeed = 0;

    private ImageData? images;
    private readonly Lazy<TrainTestSplit<float>> digits = new(() => Vae.Core.Data.Digits.Load<float>().Split(0.2, DigitsSplitSeed));

    /// <summary>A context for one reproduction.</summary>
    public ExperimentContext(Budget budget, PaperOutput output, CancellationToken cancellation)
    {
        Budget = budget;
        Output = output;
        Cancellation = cancellation;
    }

    /// <summary>Epochs, samples and seeds.</summary>
    public Budget Budget { get; }

    /// <summary>Where figures, tables and values go.</summary>
    public PaperOutput Output { get; }

    /// <summary>Ctrl-C: training stops between two steps.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>The embedded 8×8 digits split 80/20 (1438 training and 359 test images).</summary>
    public TrainTestSplit<float> Digits => digits.Value;

    /// <summary>The images of the VAE experiments (see <see cref="ImageData.For"/>), loaded once.</summary>
    public ImageData Images => images ??= ImageData.For(this);
}
