using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// Student's t distribution with ν degrees of freedom, location μ and scale σ, element-wise:
/// p(x) = Γ((ν + 1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + z²/ν)^(−(ν+1)/2) with z = (x − μ)/σ.
/// </summary>
/// <remarks>
/// <para>
/// A heavy-tailed likelihood (a robust decoder). All three parameters are differentiable, ν included:
/// the log-density uses <see cref="LogGamma{T}"/> (whose gradient is the digamma function) and the
/// entropy <see cref="Digamma{T}"/> (gradient: trigamma). The reparameterised sampler is not
/// differentiable in ν, see <see cref="Rsample(Rng)"/>. Valid range: ν &gt; 0, μ finite, σ &gt; 0.
/// </para>
/// <para>
/// Stability. The log-normaliser is written as D(ν/2) − ½ log 2π − log σ with
/// D(a) = ln Γ(a + ½) − ln Γ(a) − ½ ln a, which tends to 0 as a → ∞ (the normal limit). Computed from
/// two ln Γ values of size a ln a, D would lose everything in float for ν in the thousands; for
/// a ≥ a꜀ its asymptotic series D(a) = −1/(8a) + 1/(192a³) − 1/(640a⁵) + 17/(14336a⁷) − 31/(18432a⁹)
/// is used instead (from the Stirling series of ln Γ(a + h), whose terms are Bernoulli polynomials
/// Bₖ(h)). The first omitted term is 0.003834/a¹¹ and bounds the error, so a꜀ = (0.003834/u)^(1/11)
/// with u the unit roundoff makes the series exact to working precision: a꜀ = 2.73 (ν = 5.5) in float
/// and 17.0 (ν = 34) in double, where the direct difference still has all but about 1 (float) and 5
/// (double) bits. The entropy uses ψ(a + ½) − ψ(a) = 1/(2a) + D′(a) in the same way. The kernel
/// term ((ν + 1)/2) log1p(z²/ν) stays accurate as ν → ∞ (it tends to z²/2); it overflows only when
/// |z|/√ν exceeds √(largest finite value).
/// </para>
/// </remarks>
public sealed class StudentT<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The asymptotic coefficients of D(a) = Σₖ cₖ a^(−(2k+1)), k = 0 … 4.</summary>
    private static readonly double[] AsymptoticD = [-1.0 / 8, 1.0 / 192, -1.0 / 640, 17.0 / 14336, -31.0 / 18432];

    /// <summary>D(a) = r · P(r²) with r = 1/a.</summary>
    private static readonly T[] DSeries = [.. AsymptoticD.Select(T.CreateChecked)];

    /// <summary>D′(a) = r² · P(r²): coefficients −(2k + 1) cₖ.</summary>
    private static readonly T[] DPrimeSeries = [.. AsymptoticD.Select((c, k) => T.CreateChecked(-(2 * k + 1) * c))];

    /// <summary>a꜀ = (0.003834/u)^(1/11), see the type remarks.</summary>
    private static readonly T AsymptoticCutoff = T.CreateChecked(
        Math.Pow(0.0038341175426136364 / (double.CreateChecked(T.BitIncrement(T.One) - T.One) / 2), 1.0 / 11));

    private static readonly T HalfLogTwoPi = T.CreateChecked(0.91893853320467274178032973640562);
    private static readonly T Half = T.CreateChecked(0.5);
    private static readonly T Two = T.CreateChecked(2);

    private Tensor<T>? asymptotic;

    /// <summary>t(ν = df, μ = loc, σ = scale) with the three broadcast together into the batch shape.</summary>
    /// <param name="df">ν, the degrees of freedom, finite and &gt; 0 (may require a gradient).</param>
    /// <param name="loc">μ, any finite value (the median; the mean when ν &gt; 1).</param>
    /// <param name="scale">σ, finite and &gt; 0.</param>
    /// <param name="validate">Check the parameters (on by default; switch off in hot loops).</param>
    /// <exception cref="ArgumentException">A parameter is outside its support (when <paramref name="validate"/>).</exception>
    public StudentT(Var<T> df, Var<T> loc, Var<T> scale, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(df);
        ArgumentNullException.ThrowIfNull(loc);
        ArgumentNullException.ThrowIfNull(scale);
        if (validate)
        {
            Constraint.Positive(df.Value, nameof(df), "StudentT");
            Constraint.Finite(loc.Value, nameof(loc), "StudentT");
            Constraint.Positive(scale.Value, nameof(scale), "StudentT");
        }
        Df = df;
        Loc = loc;
        Scale = scale;
        LogScale = Log(scale);
        BatchShape = Shape.Broadcast(Shape.Broadcast(df.Shape, loc.Shape), scale.Shape);
    }

    /// <summary>ν.</summary>
    public Var<T> Df { get; }

    /// <summary>μ.</summary>
    public Var<T> Loc { get; }

    /// <summary>σ.</summary>
    public Var<T> Scale { get; }

    /// <summary>log σ.</summary>
    public Var<T> LogScale { get; }

    /// <inheritdoc />
    public override Tape<T> Tape => Loc.Tape;

    /// <inheritdoc />
    public override Shape BatchShape { get; }

    /// <inheritdoc />
    public override Shape EventShape => Shape.Scalar;

    /// <summary>True when ν is a constant: the sampler is reparameterised in μ and σ only.</summary>
    public override bool HasRsample => !Df.RequiresGrad;

    /// <summary>log p(x) = D(ν/2) − ½ log 2π − log σ − ((ν + 1)/2) log1p(z²/ν), z = (x − μ)/σ.</summary>
    public override Var<T> LogProb(Var<T> value)
    {
        var z = (value - Loc) / Scale;
        var kernel = (Df + T.One) * Half * Log1p(Square(z) / Df);
        return D(Df * Half) - (LogScale + HalfLogTwoPi) - kernel;
    }

    /// <summary>
    /// x = μ + σ Z / √(V/ν) with Z ~ N(0, 1) and V ~ χ²(ν) = 2 Gamma(ν/2) drawn from <paramref name="rng"/>:
    /// reparameterised in μ and σ.
    /// </summary>
    /// <remarks>
    /// The χ² draw (Marsaglia and Tsang's method, ACM TOMS 26(3), 2000, with the boost
    /// Gamma(α) = Gamma(α + 1) U^(1/α) for α &lt; 1, taken in log space) is not a differentiable
    /// function of ν, so a ν that requires a gradient is refused rather than silently given a zero
    /// one: pass ν as a constant, or use <see cref="Sample"/>. For ν ≪ 1 the tails are so heavy that
    /// draws can overflow to ±∞.
    /// </remarks>
    /// <exception cref="NotSupportedException">ν requires a gradient.</exception>
    public override Var<T> Rsample(Rng rng) => Reparameterised(rng, BatchShape);

    /// <inheritdoc cref="Rsample(Rng)" />
    public override Var<T> Rsample(Rng rng, int count) => Reparameterised(rng, Concat(new Shape(count), BatchShape));

    /// <summary>A draw with no gradient (any ν): shape batch.</summary>
    public override Tensor<T> Sample(Rng rng)
    {
        var t = StandardT(rng, BatchShape);
        var loc = BroadcastTo(Tape.Constant(Loc.Value), BatchShape).Value.ReadOnlySpan;
        var scale = BroadcastTo(Tape.Constant(Scale.Value), BatchShape).Value.ReadOnlySpan;
        var x = t.Span;
        for (int i = 0; i < x.Length; i++) x[i] = loc[i] + scale[i] * x[i];
        return t;
    }

    /// <summary>
    /// H = ((ν + 1)/2)(ψ((ν + 1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½) + log σ
    /// = (a + ½)(ψ(a + ½) − ψ(a)) + ½ log 2π − D(a) + log σ with a = ν/2.
    /// </summary>
    public override Var<T> Entropy()
    {
        var a = Df * Half;
        return BroadcastTo((a + Half) * DigammaDifference(a) - D(a) + LogScale + HalfLogTwoPi, BatchShape);
    }

    /// <summary>E[X] = μ for ν &gt; 1; undefined (NaN) for ν ≤ 1.</summary>
    public override Var<T> Mean =>
        Where(Indicator(Df.Value, v => v > T.One), BroadcastTo(Loc, BatchShape), Scalar(T.NaN));

    /// <summary>Var[X] = σ² ν/(ν − 2) for ν &gt; 2; +∞ for 1 &lt; ν ≤ 2; undefined (NaN) for ν ≤ 1.</summary>
    public override Var<T> Variance
    {
        get
        {
            var finite = Indicator(Df.Value, v => v > Two);
            // Guard ν where the branch is not taken, so that ν/(ν − 2) and its gradient stay finite there.
            var df = Where(finite, Df, Scalar(T.CreateChecked(3)));
            var variance = Square(Scale) * df / (df - Two);
            var undefined = Where(Indicator(Df.Value, v => v > T.One), Scalar(T.PositiveInfinity), Scalar(T.NaN));
            return BroadcastTo(Where(finite, variance, undefined), BatchShape);
        }
    }

    /// <summary>μ: the median and mode, finite for every ν (the mean is undefined for ν ≤ 1).</summary>
    protected internal override Var<T> FillValue => BroadcastTo(Loc, BatchShape);

    /// <summary>D(a) = ln Γ(a + ½) − ln Γ(a) − ½ ln a: asymptotic series for a ≥ a꜀, ln Γ values below.</summary>
    private Var<T> D(Var<T> a)
    {
        var large = Asymptotic;
        var r = Reciprocal(Where(large, a, Scalar(AsymptoticCutoff)));
        var series = r * Polynomial(Square(r), DSeries);
        var direct = LogGamma(a + Half) - LogGamma(a) - Log(a) * Half;
        return Where(large, series, direct);
    }

    /// <summary>ψ(a + ½) − ψ(a) = 1/(2a) + D′(a): asymptotic series for a ≥ a꜀, ψ values below.</summary>
    private Var<T> DigammaDifference(Var<T> a)
    {
        var large = Asymptotic;
        var r = Reciprocal(Where(large, a, Scalar(AsymptoticCutoff)));
        var r2 = Square(r);
        var series = r * Half + r2 * Polynomial(r2, DPrimeSeries);
        return Where(large, series, Digamma(a + Half) - Digamma(a));
    }

    /// <summary>1 where ν/2 ≥ a꜀ (the asymptotic series is exact to working precision), shape of ν.</summary>
    private Tensor<T> Asymptotic => asymptotic ??= Indicator(Df.Value, v => v * Half >= AsymptoticCutoff);

    private Var<T> Scalar(T value) => Tape.Constant(Tensor<T>.Scalar(value));

    private static Tensor<T> Indicator(Tensor<T> values, Func<T, bool> predicate)
    {
        var mask = new Tensor<T>(values.Shape);
        ReadOnlySpan<T> source = values.ReadOnlySpan;
        var target = mask.Span;
        for (int i = 0; i < source.Length; i++) target[i] = predicate(source[i]) ? T.One : T.Zero;
        return mask;
    }

    /// <summary>c₀ + s(c₁ + s(c₂ + …)) by Horner's rule.</summary>
    private static Var<T> Polynomial(Var<T> s, T[] coefficients)
    {
        var p = s * coefficients[^1] + coefficients[^2];
        for (int k = coefficients.Length - 3; k >= 0; k--) p = p * s + coefficients[k];
        return p;
    }

    private Var<T> Reparameterised(Rng rng, Shape shape)
    {
        if (Df.RequiresGrad)
            throw new NotSupportedException(
                "StudentT: the sampler is not reparameterisable in 'df' (the χ² draw is not differentiable in ν); make df a constant or use Sample.");
        return Loc + Scale * Tape.Constant(StandardT(rng, shape));
    }

    /// <summary>Z √(a/G) = Z / √(V/ν) with Z ~ N(0, 1), G ~ Gamma(a = ν/2) and V = 2G, per element of <paramref name="shape"/>.</summary>
    private Tensor<T> StandardT(Rng rng, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var df = BroadcastTo(Tape.Constant(Df.Value), shape).Value.ReadOnlySpan;
        var t = new Tensor<T>(shape);
        var target = t.Span;
        for (int i = 0; i < target.Length; i++)
        {
            double a = 0.5 * double.CreateChecked(df[i]);
            double z = rng.NextNormal();
            target[i] = T.CreateChecked(z * Math.Exp(0.5 * (Math.Log(a) - LogStandardGamma(rng, a))));
        }
        return t;
    }

    /// <summary>log G for G ~ Gamma(α, 1): Marsaglia and Tsang's squeeze-and-reject for α ≥ 1, boosted by U^(1/α) below.</summary>
    private static double LogStandardGamma(Rng rng, double alpha)
    {
        if (alpha < 1) return LogStandardGamma(rng, alpha + 1) + Math.Log(1 - rng.NextDouble()) / alpha;
        double d = alpha - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z = rng.NextNormal(), v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1 - rng.NextDouble(), z2 = z * z;
            if (u < 1 - 0.0331 * z2 * z2 || Math.Log(u) < 0.5 * z2 + d * (1 - v + Math.Log(v))) return Math.Log(d * v);
        }
    }
}
