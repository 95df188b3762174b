namespace Vae.Cli.Reproduce;

/// <summary>The epochs, samples and seeds each experiment gets in a <see cref="ReproduceMode"/>.</summary>
internal sealed record Budget
{
    /// <summary>The mode these numbers belong to.</summary>
    public required ReproduceMode Mode { get; init; }

    /// <summary>Epochs of the linear autoencoders (which converge slowly along low-variance directions).</summary>
    public required int LinearEpochs { get; init; }

    /// <summary>Epochs of every other deterministic autoencoder (deep, sparse, denoising, contractive).</summary>
    public required int AutoencoderEpochs { get; init; }

    /// <summary>Epochs of the VAE family (VAE, β-VAE, IWAE) on the image data.</summary>
    public required int VaeEpochs { get; init; }

    /// <summary>The epochs after which the 2-D latent space is drawn (the last is <see cref="VaeEpochs"/>).</summary>
    public required IReadOnlyList<int> SnapshotEpochs { get; init; }

    /// <summary>Epochs of the conditional VAE.</summary>
    public required int CvaeEpochs { get; init; }

    /// <summary>Importance samples K for the test log-likelihood.</summary>
    public required int LogLikelihoodSamples { get; init; }

    /// <summary>The first this many test rows are scored (ELBO, log-likelihood, KL, active units): all of them on the digits.</summary>
    public required int EvaluationRows { get; init; }

    /// <summary>Epochs of MIWAE on Breast Cancer.</summary>
    public required int MiwaeEpochs { get; init; }

    /// <summary>Importance samples K per imputed row.</summary>
    public required int ImputationSamples { get; init; }

    /// <summary>Seeds (missing pattern, initialisation and noise) of the missing-data experiment.</summary>
    public required int MissingDataSeeds { get; init; }

    /// <summary>Where Fashion-MNIST is installed when the VAE figures use it; null for the embedded digits.</summary>
    public string? FashionMnistDirectory { get; init; }

    /// <summary>The budget of <paramref name="mode"/>; full mode uses Fashion-MNIST from <paramref name="fashionMnist"/> when given.</summary>
    public static Budget For(ReproduceMode mode, string? fashionMnist) => mode switch
    {
        ReproduceMode.Smoke => new Budget
        {
            Mode = mode, LinearEpochs = 1, AutoencoderEpochs = 1, VaeEpochs = 1, SnapshotEpochs = [1], CvaeEpochs = 1,
            LogLikelihoodSamples = 10, EvaluationRows = 100, MiwaeEpochs = 1, ImputationSamples = 10, MissingDataSeeds = 2,
        },
        ReproduceMode.Quick => new Budget
        {
            Mode = mode, LinearEpochs = 600, AutoencoderEpochs = 60, VaeEpochs = 60, SnapshotEpochs = [1, 5, 20, 60], CvaeEpochs = 40,
            LogLikelihoodSamples = 1000, EvaluationRows = int.MaxValue, MiwaeEpochs = 30, ImputationSamples = 200, MissingDataSeeds = 3,
        },
        ReproduceMode.Full => new Budget
        {
            Mode = mode, LinearEpochs = 2000, AutoencoderEpochs = 200,
            VaeEpochs = fashionMnist is null ? 200 : 30, SnapshotEpochs = fashionMnist is null ? [1, 10, 50, 200] : [1, 3, 10, 30],
            CvaeEpochs = fashionMnist is null ? 100 : 20,
            LogLikelihoodSamples = fashionMnist is null ? 5000 : 1000, EvaluationRows = fashionMnist is null ? int.MaxValue : 1000,
            MiwaeEpochs = 100, ImputationSamples = 1000, MissingDataSeeds = 5, FashionMnistDirectory = fashionMnist,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown mode."),
    };
}
