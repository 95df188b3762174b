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
    private readonly Tensor<T>? logVariance;
    private readonly Tensor<T> fixedScale;
    private readonly bool predicted;

    private GaussianLikelihood(Tensor<T>? logVariance, Tensor<T> fixedScale, bool predicted)
    {
        this.logVariance = logVariance;
        this.fixedScale = fixedScale;
        this.predicted = predicted;
    }

    /// <summary>σ fixed at <paramref name="scale"/> for every feature.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not finite and positive.</exception>
    public static GaussianLikelihood<T> Fixed(double scale)
    {
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), $"GaussianLikelihood: scale must be finite and > 0; got {scale}.");
        return new(null, Tensor<T>.Scalar(T.CreateChecked(scale)), false);
    }

    /// <summary>log σ² learned per feature (one parameter <c>logvar</c> of shape [features], initialised to 0).</summary>
    public static GaussianLikelihood<T> Learned(int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        return new(Tensor<T>.Zeros(features), Tensor<T>.Scalar(T.One), false);
    }

    /// <summary>log σ² predicted by the decoder alongside μ (two outputs per feature).</summary>
    public static GaussianLikelihood<T> Predicted() => new(null, Tensor<T>.Scalar(T.One), true);

    /// <inheritdoc />
    public int OutputsPerFeature => predicted ? 2 : 1;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters =>
        logVariance is null ? [] : [new NamedParameter<T>("logvar", logVariance)];

    /// <inheritdoc />
    public Distribution<T> Create(Var<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (predicted)
        {
            int features = output.Shape[-1] / 2;
            return Normal<T>.FromLogVariance(Slice(output, 0, features), Slice(output, features, features), validate: false);
        }
        if (logVariance is not null)
            return Normal<T>.FromLogVariance(output, output.Tape.Param(logVariance), validate: false);
        return new Normal<T>(output, output.Tape.Constant(fixedScale), validate: false);
    }
}
