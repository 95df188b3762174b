using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;

namespace Vae.Cli.Models;

/// <summary>
/// The kinds built on <see cref="Vae{T}"/>: a Gaussian encoder, a decoder mirroring its hidden widths and
/// a Bernoulli or Gaussian likelihood; a kind chooses its training objective, whether it takes
/// <c>--beta</c> or <c>--samples</c>, and whether it is conditional or reads the missing-data mask.
/// </summary>
internal abstract class VaeFamilyKind : IModelKind
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>β when <c>--beta</c> is not given, or null when this kind does not take it (β = 1).</summary>
    protected virtual double? DefaultBeta => null;

    /// <summary>K when <c>--samples</c> is not given, or null when this kind does not take it (K = 1).</summary>
    protected virtual int? DefaultSamples => null;

    /// <summary>Whether the encoder and decoder are given the one-hot class (a conditional VAE).</summary>
    protected virtual bool Conditional => false;

    /// <summary>Whether the encoder reads the missing-data mask beside the zero-filled data.</summary>
    protected virtual bool EncoderSeesMask => false;

    /// <summary>The loss to minimise on the batch <paramref name="x"/> (mask null for complete data).</summary>
    protected abstract Var<float> Loss(Vae<float> model, ModelSettings settings, Var<float> x, Rng rng, Tensor<float>? mask);

    /// <inheritdoc />
    public ModelSettings Configure(ModelRequest request, DataInfo data)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        if (request.Latent < 1) throw new UsageException($"--latent must be at least 1; got {request.Latent}.");
        int[] hidden = request.HiddenOrDefault;
        if (hidden.Length == 0 || hidden.Any(h => h < 1))
            throw new UsageException($"--hidden must list positive widths; got '{string.Join(",", hidden)}'.");
        request.RejectOptionsOtherThan(Name);
        double beta = DefaultBeta ?? 1;
        if (request.Beta is { } b)
        {
            if (DefaultBeta is null) throw new UsageException($"--beta is not an option of the {Name} model.");
            if (!(b >= 0) || !double.IsFinite(b)) throw new UsageException($"--beta must be finite and >= 0; got {b}.");
            beta = b;
        }
        int samples = DefaultSamples ?? 1;
        if (request.Samples is { } k)
        {
            if (DefaultSamples is null) throw new UsageException($"--samples is not an option of the {Name} model.");
            if (k < 1) throw new UsageException($"--samples must be at least 1; got {k}.");
            samples = k;
        }
        string likelihood = request.Likelihood ?? data.DefaultLikelihood;
        if (likelihood == Likelihoods.Bernoulli && !data.InUnitInterval)
            throw new UsageException("--likelihood bernoulli needs data in [0, 1], and these are not (CSV data are standardised); use gaussian.");
        if (Conditional && data.Classes == 0)
            throw new UsageException($"the {Name} model needs class labels; these data have none (digits and fashion-mnist have).");
        return new ModelSettings
        {
            Kind = Name,
            InputSize = data.Dimension,
            LatentSize = request.Latent,
            HiddenSizes = hidden,
            Likelihood = likelihood,
            Beta = beta,
            Samples = samples,
            Classes = Conditional ? data.Classes : 0,
        };
    }

    /// <inheritdoc />
    public ICliModel Build(ModelSettings settings, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new VaeOptions<float>
        {
            InputSize = settings.InputSize,
            LatentSize = settings.LatentSize,
            HiddenSizes = settings.HiddenSizes,
            Likelihood = Likelihoods.Create(settings.Likelihood, settings.InputSize),
            ConditionSize = settings.Classes,
            EncoderSeesMask = EncoderSeesMask,
        };
        return new VaeModel(settings, new Vae<float>(options, rng), (model, x, noise, mask) => Loss(model, settings, x, noise, mask));
    }
}
