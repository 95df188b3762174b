using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Models;

/// <summary>
/// p(x | z) = Πᵢ N(xᵢ; μᵢ(z), σᵢ²) with σ either fixed, learned per feature (a parameter shared by all
/// inputs), or predicted by the decoder (heteroscedastic: the network emits [μ | log σ²]).
/// </summary>
/// <remarks>
/// A learned or predicted variance is parameterised by its logarithm, so log σ enters the density
/// exactly; a predicted log-variance can collapse on training data (a known failure of Gaussian VAEs,
/// see Mattei and Frellsen, 2018), which is why a per-feature learned variance is the usual choice.
/// </remarks>
public sealed class GaussianLikelihood<T> : ILikelihood<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LocationScaleHead<T> head;

    private GaussianLikelihood(LocationScaleHead<T> head) => this.head = head;

    /// <summary>σ fixed at <paramref name="scale"/> for every feature.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not finite and positive.</exception>
    public static GaussianLikelihood<T> Fixed(double scale) => new(LocationScaleHead<T>.Fixed("GaussianLikelihood", "logvar", scale));

    /// <summary>log σ² learned per feature (one parameter <c>logvar</c> of shape [features], initialised to 0).</summary>
    public static GaussianLikelihood<T> Learned(int features) => new(LocationScaleHead<T>.Learned("GaussianLikelihood", "logvar", features));

    /// <summary>log σ² predicted by the decoder alongside μ (two outputs per feature).</summary>
    public static GaussianLikelihood<T> Predicted() => new(LocationScaleHead<T>.Predicted("GaussianLikelihood", "logvar"));

    /// <inheritdoc />
    public int OutputsPerFeature => head.OutputsPerFeature;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => head.Parameters;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The output's last axis does not fit the likelihood (odd when predicted, not the learned feature count).</exception>
    public Distribution<T> Create(Var<T> output)
    {
        var (location, logParameter, fixedScale) = head.Split(output);
        return logParameter is null
            ? new Normal<T>(location, fixedScale, validate: false)
            : Normal<T>.FromLogVariance(location, logParameter, validate: false);
    }
}
