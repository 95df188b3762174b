using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Models;

/// <summary>
/// p(x | z) = Πᵢ t_νᵢ(xᵢ; μᵢ(z), σᵢ), the Student-t density
/// Γ((ν + 1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + ((x − μ)/σ)²/ν)^(−(ν+1)/2), with the location μ from the
/// decoder, the scale σ learned per feature, and the degrees of freedom ν fixed (3 by default) or
/// learned per feature.
/// </summary>
/// <remarks>
/// <para>
/// A heavy-tailed, robust observation model: a residual r costs ((ν + 1)/2) log(1 + r²/(νσ²)), which
/// grows only logarithmically, so outlying values pull the decoder far less than under a Gaussian
/// (Lange, Little and Taylor, "Robust statistical modeling using the t distribution", JASA 84, 1989;
/// as a VAE decoder, Takahashi et al., "Student-t variational autoencoder for robust density
/// estimation", IJCAI 2018). As ν → ∞ it becomes the Gaussian with standard deviation σ.
/// </para>
/// <para>
/// Parameterisation. σ = exp(s) with the parameter <c>logscale</c> s (shape [features], initialised to
/// 0); a learned ν = exp(η) with the parameter <c>logdf</c> η (shape [features], initialised to
/// log ν₀). The log keeps ν positive for every η, enters log ν exactly, and makes an optimiser's steps
/// relative (the density changes little between ν = 30 and ν = 31 but much between 1 and 2). Any
/// ν &gt; 0 is allowed: for ν ≤ 1 the mean E[x | z] does not exist, so <see cref="Decoding.Mean"/>
/// refuses to decode, while <see cref="Decoding.Mode"/> (μ, also the median) always works. With a
/// learned ν the likelihood has no reparameterised sampler (the t draw is not differentiable in ν);
/// <see cref="Distribution{T}.Sample"/> still draws.
/// </para>
/// </remarks>
public sealed class StudentTLikelihood<T> : ILikelihood<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T> logScale;
    private readonly Tensor<T>? logDf;
    private readonly Tensor<T>? fixedDf;

    /// <summary>Exactly one of <paramref name="logDf"/> (learned ν) and <paramref name="fixedDf"/> (constant ν) is given.</summary>
    private StudentTLikelihood(Tensor<T> logScale, Tensor<T>? logDf, Tensor<T>? fixedDf)
    {
        this.logScale = logScale;
        this.logDf = logDf;
        this.fixedDf = fixedDf;
    }

    /// <summary>ν fixed at <paramref name="df"/> for every feature; log σ learned per feature (<c>logscale</c>, [features]).</summary>
    /// <param name="features">The number of data features.</param>
    /// <param name="df">ν, finite and &gt; 0 (3 by default: heavy tails with a finite variance).</param>
    /// <exception cref="ArgumentOutOfRangeException">features &lt; 1, or df is not finite and positive.</exception>
    public static StudentTLikelihood<T> FixedDf(int features, double df = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        CheckDf(df, nameof(df));
        return new(Tensor<T>.Zeros(features), null, Tensor<T>.Scalar(T.CreateChecked(df)));
    }

    /// <summary>
    /// log σ and log ν both learned per feature (<c>logscale</c> and <c>logdf</c>, [features] each), ν
    /// starting at <paramref name="initialDf"/>.
    /// </summary>
    /// <param name="features">The number of data features.</param>
    /// <param name="initialDf">ν at initialisation, finite and &gt; 0 (3 by default).</param>
    /// <exception cref="ArgumentOutOfRangeException">features &lt; 1, or initialDf is not finite and positive.</exception>
    public static StudentTLikelihood<T> LearnedDf(int features, double initialDf = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        CheckDf(initialDf, nameof(initialDf));
        var logDf = Tensor<T>.Full(new Shape(features), T.CreateChecked(Math.Log(initialDf)));
        return new(Tensor<T>.Zeros(features), logDf, null);
    }

    /// <summary>Whether ν is a learned parameter (<c>logdf</c>) rather than a constant.</summary>
    public bool LearnsDf => logDf is not null;

    /// <inheritdoc />
    public int OutputsPerFeature => 1;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters =>
        logDf is null
            ? [new NamedParameter<T>("logscale", logScale)]
            : [new NamedParameter<T>("logscale", logScale), new NamedParameter<T>("logdf", logDf)];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The output's last axis is not the feature count of the learned parameters.</exception>
    public Distribution<T> Create(Var<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        LikelihoodShapes.Check("StudentTLikelihood", output, 1, logScale, logDf);
        var tape = output.Tape;
        var df = logDf is null ? tape.Constant(fixedDf!) : Exp(tape.Param(logDf));
        return new StudentT<T>(df, output, Exp(tape.Param(logScale)), validate: false);
    }

    private static void CheckDf(double df, string name)
    {
        if (!(df > 0) || !double.IsFinite(df))
            throw new ArgumentOutOfRangeException(name, $"StudentTLikelihood: the degrees of freedom must be finite and > 0; got {df}.");
    }
}
