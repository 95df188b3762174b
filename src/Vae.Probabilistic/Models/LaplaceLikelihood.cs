using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Models;

/// <summary>
/// p(x | z) = Πᵢ Laplace(xᵢ; μᵢ(z), bᵢ), log p = −Σᵢ |xᵢ − μᵢ| / bᵢ + log(2bᵢ), with the location μ from
/// the decoder and the scale b fixed, learned per feature (a parameter shared by all inputs), or
/// predicted by the decoder (the network emits [μ | log b]).
/// </summary>
/// <remarks>
/// The likelihood behind an L1 reconstruction loss: with a fixed scale the reconstruction term is
/// −‖x − μ‖₁ / b up to a constant, more robust to outliers than the Gaussian's squared error, and its
/// mean, median and mode decodes are all μ. A learned or predicted scale is parameterised by log b,
/// mirroring <see cref="GaussianLikelihood{T}"/> (a predicted scale can collapse on training data in the
/// same way as a predicted variance; a per-feature learned scale is the safer choice).
/// </remarks>
public sealed class LaplaceLikelihood<T> : ILikelihood<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T>? logScale;
    private readonly Tensor<T> fixedScale;
    private readonly bool predicted;

    private LaplaceLikelihood(Tensor<T>? logScale, Tensor<T> fixedScale, bool predicted)
    {
        this.logScale = logScale;
        this.fixedScale = fixedScale;
        this.predicted = predicted;
    }

    /// <summary>b fixed at <paramref name="scale"/> for every feature.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not finite and positive.</exception>
    public static LaplaceLikelihood<T> Fixed(double scale)
    {
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), $"LaplaceLikelihood: scale must be finite and > 0; got {scale}.");
        return new(null, Tensor<T>.Scalar(T.CreateChecked(scale)), false);
    }

    /// <summary>log b learned per feature (one parameter <c>logscale</c> of shape [features], initialised to 0: b = 1).</summary>
    public static LaplaceLikelihood<T> Learned(int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        return new(Tensor<T>.Zeros(features), Tensor<T>.Scalar(T.One), false);
    }

    /// <summary>log b predicted by the decoder alongside μ (two outputs per feature: [μ | log b]).</summary>
    public static LaplaceLikelihood<T> Predicted() => new(null, Tensor<T>.Scalar(T.One), true);

    /// <inheritdoc />
    public int OutputsPerFeature => predicted ? 2 : 1;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters =>
        logScale is null ? [] : [new NamedParameter<T>("logscale", logScale)];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The output's last axis does not fit the likelihood (odd when predicted, not the learned feature count).</exception>
    public Distribution<T> Create(Var<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        LikelihoodShapes.Check("LaplaceLikelihood", output, OutputsPerFeature, logScale);
        if (predicted)
        {
            int features = output.Shape[-1] / 2;
            return new Laplace<T>(Slice(output, 0, features), Exp(Slice(output, features, features)), validate: false);
        }
        if (logScale is not null)
            return new Laplace<T>(output, Exp(output.Tape.Param(logScale)), validate: false);
        return new Laplace<T>(output, output.Tape.Constant(fixedScale), validate: false);
    }
}
