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
    private readonly LocationScaleHead<T> head;

    private LaplaceLikelihood(LocationScaleHead<T> head) => this.head = head;

    /// <summary>b fixed at <paramref name="scale"/> for every feature.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not finite and positive.</exception>
    public static LaplaceLikelihood<T> Fixed(double scale) => new(LocationScaleHead<T>.Fixed("LaplaceLikelihood", "logscale", scale));

    /// <summary>log b learned per feature (one parameter <c>logscale</c> of shape [features], initialised to 0: b = 1).</summary>
    public static LaplaceLikelihood<T> Learned(int features) => new(LocationScaleHead<T>.Learned("LaplaceLikelihood", "logscale", features));

    /// <summary>log b predicted by the decoder alongside μ (two outputs per feature: [μ | log b]).</summary>
    public static LaplaceLikelihood<T> Predicted() => new(LocationScaleHead<T>.Predicted("LaplaceLikelihood", "logscale"));

    /// <inheritdoc />
    public int OutputsPerFeature => head.OutputsPerFeature;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => head.Parameters;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The output's last axis does not fit the likelihood (odd when predicted, not the learned feature count).</exception>
    public Distribution<T> Create(Var<T> output)
    {
        var (location, logParameter, fixedScale) = head.Split(output);
        return new Laplace<T>(location, logParameter is null ? fixedScale : Exp(logParameter), validate: false);
    }
}
