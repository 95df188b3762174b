using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Divergences;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// The univariate normal distribution N(μ, σ²), element-wise over a batch:
/// p(x) = exp(−(x − μ)² / (2σ²)) / (σ √(2π)).
/// </summary>
/// <remarks>
/// Parameterised by location and scale, or by location and log-variance (the VAE encoder's heads,
/// <see cref="FromLogVariance"/>), in which case log σ = ½ log σ² is used directly in log-densities and
/// divergences, never recomputed as log(exp(·)). Wrap in <see cref="Independent{T}"/> for a diagonal
/// Gaussian over a vector. Valid range: μ finite, σ &gt; 0 finite.
/// </remarks>
public sealed class Normal<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T HalfLogTwoPi = T.CreateChecked(0.91893853320467274178032973640562);
    private static readonly T Half = T.CreateChecked(0.5);

    static Normal()
    {
        Kl<T>.Register<Normal<T>, Normal<T>>(KlNormalNormal);
    }

    /// <summary>N(loc, scale²) with loc and scale broadcast together into the batch shape.</summary>
    /// <param name="loc">μ, any finite value.</param>
    /// <param name="scale">σ, finite and &gt; 0.</param>
    /// <param name="validate">Check the parameters (on by default; switch off in hot loops).</param>
    /// <exception cref="ArgumentException">A parameter is outside its support (when <paramref name="validate"/>).</exception>
    public Normal(Var<T> loc, Var<T> scale, bool validate = true)
        : this(loc, scale, Log(scale), validate, nameof(scale)) { }

    private Normal(Var<T> loc, Var<T> scale, Var<T> logScale, bool validate, string scaleName)
    {
        ArgumentNullException.ThrowIfNull(loc);
        ArgumentNullException.ThrowIfNull(scale);
        if (validate)
        {
            Constraint.Finite(loc.Value, nameof(loc), "Normal");
            Constraint.Positive(scale.Value, scaleName, "Normal");
        }
        Loc = loc;
        Scale = scale;
        LogScale = logScale;
        BatchShape = Shape.Broadcast(loc.Shape, scale.Shape);
    }

    /// <summary>N(loc, exp(logVariance)): σ = exp(½ log σ²) and log σ = ½ log σ².</summary>
    /// <exception cref="ArgumentException">A parameter is not finite (when <paramref name="validate"/>).</exception>
    /// <remarks>
    /// Built on the same tape nodes as in an earlier evaluation (a training loop reusing its tape), it
    /// returns the instance made then, which holds exactly the same nodes: no allocation per step.
    /// </remarks>
    public static Normal<T> FromLogVariance(Var<T> loc, Var<T> logVariance, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(loc);
        ArgumentNullException.ThrowIfNull(logVariance);
        if (validate) Constraint.Finite(logVariance.Value, nameof(logVariance), "Normal");
        var logScale = logVariance * Half;
        var scale = Exp(logScale);
        if (validate)
        {
            Constraint.Finite(loc.Value, nameof(loc), "Normal");
            Constraint.Positive(scale.Value, nameof(logVariance), "Normal");
        }
        if (loc.Attachment is Normal<T> previous && previous.Scale == scale && previous.LogScale == logScale
            && previous.BatchShape == Shape.Broadcast(loc.Shape, scale.Shape))
            return previous;
        var normal = new Normal<T>(loc, scale, logScale, validate: false, nameof(logVariance));
        loc.Attachment = normal;
        return normal;
    }

    /// <summary>μ.</summary>
    public Var<T> Loc { get; }

    /// <summary>σ.</summary>
    public Var<T> Scale { get; }

    /// <summary>log σ, kept exactly when built from a log-variance.</summary>
    public Var<T> LogScale { get; }

    /// <inheritdoc />
    public override Tape<T> Tape => Loc.Tape;

    /// <inheritdoc />
    public override Shape BatchShape { get; }

    /// <inheritdoc />
    public override Shape EventShape => Shape.Scalar;

    /// <inheritdoc />
    public override bool HasRsample => true;

    /// <summary>log p(x) = −½((x − μ)/σ)² − log σ − ½ log 2π.</summary>
    public override Var<T> LogProb(Var<T> value)
    {
        var z = (value - Loc) / Scale;
        return -(Square(z) * Half + LogScale) - HalfLogTwoPi;
    }

    /// <summary>x = μ + σ ε with ε ~ N(0, 1): the reparameterisation trick (Kingma and Welling, 2014).</summary>
    public override Var<T> Rsample(Rng rng) => Loc + Scale * Tape.StandardNormal(BatchShape, rng);

    /// <inheritdoc />
    public override Var<T> Rsample(Rng rng, int count) =>
        Loc + Scale * Tape.StandardNormal(Concat(new Shape(count), BatchShape), rng);

    /// <summary>H = ½ + ½ log 2π + log σ.</summary>
    public override Var<T> Entropy() => BroadcastTo(LogScale + (Half + HalfLogTwoPi), BatchShape);

    /// <summary>E[X] = μ (broadcast to the batch shape).</summary>
    public override Var<T> Mean => BroadcastTo(Loc, BatchShape);

    /// <summary>Var[X] = σ² (broadcast to the batch shape).</summary>
    public override Var<T> Variance => BroadcastTo(Square(Scale), BatchShape);

    /// <summary>
    /// KL(p‖q) = ½(σp²/σq² − 1 − log(σp²/σq²)) + (μp − μq)²/(2σq²), written with d = log σp − log σq as
    /// ½(expm1(2d) − 2d) + ½((μp − μq)/σq)², which keeps full relative accuracy as p → q (the VAE
    /// regime), where the naive form cancels catastrophically (as in Distrax's normal.py).
    /// </summary>
    private static Var<T> KlNormalNormal(Normal<T> p, Normal<T> q)
    {
        var d = p.LogScale - q.LogScale;
        var twoD = d + d;
        var scaleTerm = (Expm1(twoD) - twoD) * Half;
        return scaleTerm + Square((p.Loc - q.Loc) / q.Scale) * Half;
    }
}
