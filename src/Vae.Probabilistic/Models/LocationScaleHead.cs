using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Tensors;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Models;

/// <summary>
/// The part shared by location–scale decoder likelihoods (Gaussian, Laplace): the location comes from
/// the decoder, and the spread is fixed, learned per feature as a log-parameter, or predicted by the
/// decoder as a second block of outputs [location | log-parameter].
/// </summary>
internal sealed class LocationScaleHead<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string family;
    private readonly string parameterName;
    private readonly Tensor<T>? learned;
    private readonly Tensor<T> fixedScale;
    private readonly bool predicted;

    private LocationScaleHead(string family, string parameterName, Tensor<T>? learned, Tensor<T> fixedScale, bool predicted)
    {
        this.family = family;
        this.parameterName = parameterName;
        this.learned = learned;
        this.fixedScale = fixedScale;
        this.predicted = predicted;
    }

    /// <summary>The scale fixed at <paramref name="scale"/> for every feature.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not finite and positive.</exception>
    public static LocationScaleHead<T> Fixed(string family, string parameterName, double scale)
    {
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), $"{family}: scale must be finite and > 0; got {scale}.");
        return new(family, parameterName, null, Tensor<T>.Scalar(T.CreateChecked(scale)), false);
    }

    /// <summary>A log-parameter learned per feature, initialised to 0.</summary>
    public static LocationScaleHead<T> Learned(string family, string parameterName, int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        return new(family, parameterName, Tensor<T>.Zeros(features), Tensor<T>.Scalar(T.One), false);
    }

    /// <summary>The log-parameter predicted by the decoder alongside the location.</summary>
    public static LocationScaleHead<T> Predicted(string family, string parameterName) =>
        new(family, parameterName, null, Tensor<T>.Scalar(T.One), true);

    /// <summary>Decoder outputs per data feature.</summary>
    public int OutputsPerFeature => predicted ? 2 : 1;

    /// <summary>The learned log-parameter, if any.</summary>
    public IReadOnlyList<NamedParameter<T>> Parameters =>
        learned is null ? [] : [new NamedParameter<T>(parameterName, learned)];

    /// <summary>
    /// The location and either the log-parameter (learned or predicted) or the fixed scale, from the
    /// decoder's <paramref name="output"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The output's last axis does not fit (odd when predicted, not the learned feature count).</exception>
    public (Var<T> Location, Var<T>? LogParameter, Var<T> FixedScale) Split(Var<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        LikelihoodShapes.Check(family, output, OutputsPerFeature, learned);
        var scale = output.Tape.Constant(fixedScale);
        if (predicted)
        {
            int features = output.Shape[-1] / 2;
            return (Slice(output, 0, features), Slice(output, features, features), scale);
        }
        return (output, learned is null ? null : output.Tape.Param(learned), scale);
    }
}
