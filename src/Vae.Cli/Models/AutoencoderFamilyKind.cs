using Vae.Core.Autoencoders;
using Vae.Core.Randomness;

namespace Vae.Cli.Models;

/// <summary>
/// The kinds built on <see cref="AutoencoderBase{T}"/>: a deterministic encoder d → hidden… → k with
/// ReLU hidden layers and a kind-chosen code activation, a decoder mirroring it (linear output), and a
/// reconstruction loss chosen by <c>--likelihood</c> (Bernoulli cross-entropy of logits, or squared
/// error). A kind chooses its objective, its code activation and the options it takes.
/// </summary>
internal abstract class AutoencoderFamilyKind : IModelKind
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>The options, besides <c>--latent</c>, <c>--hidden</c> and <c>--likelihood</c>, that this kind takes.</summary>
    protected virtual string[] Options => [];

    /// <summary>The kind's settings: <paramref name="common"/> with its own options added and checked.</summary>
    /// <exception cref="UsageException">A value is out of range.</exception>
    protected virtual ModelSettings ConfigureKind(ModelSettings common, ModelRequest request, DataInfo data) => common;

    /// <summary>The autoencoder of <paramref name="settings"/> with its encoder and decoder built from <paramref name="rng"/>, encoder first.</summary>
    protected abstract AutoencoderBase<float> Create(ModelSettings settings, Rng rng);

    /// <inheritdoc />
    public ModelSettings Configure(ModelRequest request, DataInfo data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        if (request.Latent < 1) throw new UsageException($"--latent must be at least 1; got {request.Latent}.");
        int[] hidden = request.HiddenOrDefault;
        if (hidden.Length == 0 || hidden.Any(h => h < 1))
            throw new UsageException($"--hidden must list positive widths; got '{string.Join(",", hidden)}'.");
        if (request.Beta is not null) throw new UsageException($"--beta is not an option of the {Name} model.");
        if (request.Samples is not null) throw new UsageException($"--samples is not an option of the {Name} model.");
        request.RejectOptionsOtherThan(Name, Options);
        if (data.HasMissing)
            throw new UsageException($"the {Name} model cannot train on data with missing values (it would read them as zeros); use miwae.");
        string likelihood = request.Likelihood ?? data.DefaultLikelihood;
        if (likelihood is not (Likelihoods.Bernoulli or Likelihoods.Gaussian))
            throw new UsageException($"--likelihood {likelihood} is not a loss of the {Name} model; use bernoulli (cross-entropy) or gaussian (squared error).");
        if (likelihood == Likelihoods.Bernoulli && !data.InUnitInterval)
            throw new UsageException("--likelihood bernoulli needs data in [0, 1], and these are not (CSV data are standardised); use gaussian.");
        return ConfigureKind(new ModelSettings
        {
            Kind = Name,
            InputSize = data.Dimension,
            LatentSize = request.Latent,
            HiddenSizes = hidden,
            Likelihood = likelihood,
            CodeActivation = CodeActivations.Identity,
        }, request, data);
    }

    /// <inheritdoc />
    public ICliModel Build(ModelSettings settings, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AutoencoderModel(settings, Create(settings, rng));
    }

    /// <summary>The encoder d → hidden… → k: ReLU hidden layers, the settings' code activation.</summary>
    protected static DenseNetwork<float> Encoder(ModelSettings settings, Rng rng) =>
        new([settings.InputSize, .. settings.HiddenSizes, settings.LatentSize], ActivationKind.Relu,
            CodeActivations.Parse(settings.CodeActivation), rng);

    /// <summary>The decoder k → hidden (reversed)… → d: ReLU hidden layers, a linear output (the reconstruction, or logits).</summary>
    protected static DenseNetwork<float> Decoder(ModelSettings settings, Rng rng) =>
        new([settings.LatentSize, .. settings.HiddenSizes.Reverse(), settings.InputSize], ActivationKind.Relu, ActivationKind.Identity, rng);

    /// <summary>The reconstruction loss the settings' likelihood names.</summary>
    /// <exception cref="InvalidDataException">Neither bernoulli nor gaussian (a configuration this version cannot read).</exception>
    protected static ReconstructionLoss Loss(ModelSettings settings) => settings.Likelihood switch
    {
        Likelihoods.Bernoulli => ReconstructionLoss.BernoulliCrossEntropy,
        Likelihoods.Gaussian => ReconstructionLoss.SquaredError,
        _ => throw new InvalidDataException($"unknown reconstruction loss '{settings.Likelihood}'; expected bernoulli or gaussian."),
    };

    /// <summary>Checks that <paramref name="value"/> of <paramref name="option"/> is finite and at least 0.</summary>
    /// <exception cref="UsageException">It is not.</exception>
    protected static double NonNegative(string option, double value) =>
        double.IsFinite(value) && value >= 0 ? value : throw new UsageException($"{option} must be finite and >= 0; got {value}.");
}
