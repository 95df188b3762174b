using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Divergences;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// The continuous Bernoulli distribution on [0, 1] by logits ℓ = log(λ / (1 − λ)) (Loaiza-Ganem and
/// Cunningham, "The continuous Bernoulli: fixing a pervasive error in variational autoencoders",
/// NeurIPS 2019): p(x) = C(λ) λˣ (1 − λ)^(1−x), element-wise.
/// </summary>
/// <remarks>
/// <para>
/// The properly normalised likelihood for pixel intensities in [0, 1], where <see cref="Bernoulli{T}"/>
/// gives the unnormalised cross-entropy. It is the exponential family p(x) = exp(ℓx − A(ℓ)) with
/// log-partition A(ℓ) = log ∫₀¹ e^(ℓx) dx = log(expm1(ℓ)/ℓ) (A(0) = 0), so log p(x) = ℓx − A(ℓ), the
/// mean is A′(ℓ), the variance A″(ℓ), and the paper's normaliser is
/// log C(λ) = log(2 atanh(1 − 2λ)/(1 − 2λ)) = softplus(ℓ) − A(ℓ) (log 2 at λ = ½).
/// </para>
/// <para>
/// Stability. Away from ℓ = 0 the closed forms below are used; they are finite, with finite
/// gradients, for any finite logit (±10⁴ included). Near ℓ = 0 every closed form is 0/0 or subtracts
/// two terms of size 1/|ℓ| or 1/ℓ²; there the functions are evaluated from their Taylor series,
/// all of them derived from ℓ/(eˡ − 1) = Σ Bₙ ℓⁿ/n! (Bₙ the Bernoulli numbers):
/// A(ℓ) = ℓ/2 + Σₖ B₂ₖ ℓ^(2k)/(2k (2k)!), A′(ℓ) = ½ + Σₖ B₂ₖ ℓ^(2k−1)/(2k)!, and
/// A″(ℓ) = Σₖ (2k − 1) B₂ₖ ℓ^(2k−2)/(2k)!, each kept to k ≤ 6. The series converge for |ℓ| &lt; 2π,
/// alternate, and have decreasing terms for |ℓ| ≤ 2, so the truncation error is below the first
/// omitted term (k = 7, |B₁₄/14!| = 1.34·10⁻¹¹). The largest of these first omitted terms, over the
/// values and first derivatives of A, A′, A″ and the entropy, is the derivative of the variance's,
/// 13·12·|B₁₄/14!|·|ℓ|¹¹ = 2.09·10⁻⁹·|ℓ|¹¹. The cut-off is where that equals the unit roundoff u
/// of <typeparamref name="T"/>: c = (u / 2.09·10⁻⁹)^(1/11), which is 1.36 in float and 0.218 in
/// double. For |ℓ| &lt; c the series is exact to working precision; for |ℓ| ≥ c the closed-form
/// values lose at most log₂(24/c²) bits (the variance's 1/ℓ² cancellation, the worst case): about
/// 4 bits in float and 9 in double, and the gradient of the log-density (x − A′(ℓ)) at most
/// log₂(4/c) bits. (A cut-off at λ = ½ ± 10⁻³, i.e. |ℓ| ≈ 0.004, as is sometimes used, would let
/// the float variance lose 21 bits and the float gradient 10.)
/// </para>
/// </remarks>
public sealed class ContinuousBernoulli<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>B₂ₖ / (2k)! for k = 1 … 6.</summary>
    private static readonly double[] BernoulliOverFactorial =
        [1.0 / 12, -1.0 / 720, 1.0 / 30240, -1.0 / 1209600, 1.0 / 47900160, -691.0 / 1307674368000];

    /// <summary>A(ℓ) = ℓ/2 + s · P(s) with s = ℓ²: coefficients B₂ₖ / (2k (2k)!).</summary>
    private static readonly T[] LogPartitionSeries = Coefficients(k => 1.0 / (2 * k));

    /// <summary>A′(ℓ) = ½ + ℓ · P(s): coefficients B₂ₖ / (2k)!.</summary>
    private static readonly T[] MeanSeries = Coefficients(_ => 1.0);

    /// <summary>A″(ℓ) = P(s): coefficients (2k − 1) B₂ₖ / (2k)!.</summary>
    private static readonly T[] VarianceSeries = Coefficients(k => 2 * k - 1);

    /// <summary>H = A − ℓA′ = −s · P(s): coefficients (2k − 1) B₂ₖ / (2k (2k)!).</summary>
    private static readonly T[] EntropySeries = Coefficients(k => (2 * k - 1) / (2.0 * k));

    /// <summary>The cut-off c = (u / (156 |B₁₄/14!|))^(1/11) justified in the type remarks.</summary>
    private static readonly T Cutoff = T.CreateChecked(
        Math.Pow(double.CreateChecked(T.BitIncrement(T.One) - T.One) / 2 / (156 * (7.0 / 6) / 87178291200.0), 1.0 / 11));

    private static readonly T Half = T.CreateChecked(0.5);

    private Tensor<T>? nearZero, positive;
    private Var<T>? inner, outer;

    static ContinuousBernoulli()
    {
        Kl<T>.Register<ContinuousBernoulli<T>, ContinuousBernoulli<T>>(KlContinuousBernoulli);
    }

    /// <summary>ContinuousBernoulli(λ = σ(logits)).</summary>
    /// <exception cref="ArgumentException">A logit is not finite (when <paramref name="validate"/>): λ ∈ {0, 1} is a point mass, not a density.</exception>
    public ContinuousBernoulli(Var<T> logits, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (validate) Constraint.Finite(logits.Value, nameof(logits), "ContinuousBernoulli");
        Logits = logits;
    }

    /// <summary>ℓ = log(λ / (1 − λ)).</summary>
    public Var<T> Logits { get; }

    /// <summary>λ = σ(ℓ), the shape parameter (not the mean).</summary>
    public Var<T> Probs => Sigmoid(Logits);

    /// <summary>A(ℓ) = log ∫₀¹ e^(ℓx) dx = log(expm1(ℓ)/ℓ), the log-partition function (stable for every finite ℓ).</summary>
    public Var<T> LogPartition => Relu(Logits) + Remainder;

    /// <summary>log C(λ) = log(2 atanh(1 − 2λ)/(1 − 2λ)) = softplus(ℓ) − A(ℓ), the normaliser of the paper (log 2 at ℓ = 0).</summary>
    public Var<T> LogNormalizer => Softplus(Logits) - LogPartition;

    /// <inheritdoc />
    public override Tape<T> Tape => Logits.Tape;

    /// <inheritdoc />
    public override Shape BatchShape => Logits.Shape;

    /// <inheritdoc />
    public override Shape EventShape => Shape.Scalar;

    /// <inheritdoc />
    public override bool HasRsample => true;

    /// <summary>log p(x) = ℓx − A(ℓ) = log C(λ) + x log λ + (1 − x) log(1 − λ), for x ∈ [0, 1].</summary>
    /// <remarks>
    /// Computed as (x − 𝟙[ℓ &gt; 0]) ℓ − R(ℓ) with R(ℓ) = A(ℓ) − max(ℓ, 0) = log(−expm1(−|ℓ|)/|ℓ|): the
    /// large parts ℓx and A(ℓ) ≈ ℓ cancel exactly (x − 1 is exact for x ≥ ½), so for |ℓ| = 10⁴ the
    /// log-density keeps full accuracy in float, where ℓx − A(ℓ) would be off by about 5·10⁻⁴.
    /// </remarks>
    public override Var<T> LogProb(Var<T> value) => (value - Positive) * Logits - Remainder;

    /// <summary>A draw by the inverse CDF, x = log1p(u expm1(ℓ))/ℓ (x = u at ℓ = 0) for u uniform on [0, 1), differentiable in ℓ.</summary>
    /// <remarks>
    /// <para>
    /// Each draw and its pathwise derivative s = ∂x/∂ℓ (at fixed u) are computed in double precision
    /// and enter the tape as x₀ + s ⊙ (ℓ − ℓ₀), where ℓ₀ is a constant copy of ℓ: the value is x₀ and
    /// the gradient is exactly s (the implicit reparameterisation of Figurnov, Mohamed and Mnih, 2018).
    /// One <see cref="Rng.NextDouble"/> is taken per element, in row-major order.
    /// </para>
    /// <para>
    /// For |ℓ| ≥ ½, x = (b + softplus(a + ℓ − b))/ℓ with a = log u and b = log1p(−u) (the same
    /// quantity written as a log-sum-exp, finite for u = 0 and for any finite ℓ), and s = (σ(a + ℓ − b) − x)/ℓ;
    /// for u &gt; ½ the symmetry x(ℓ, u) = 1 − x(−ℓ, 1 − u) keeps b near 0 (and a only enters through a
    /// softplus that damps its rounding), so x and s are accurate to a few ulps of 1 (at most 4 and 7
    /// measured against 40-digit arithmetic). For |ℓ| &lt; ½ both come from the series x = Σₙ gₙ ℓⁿ⁻¹ of log1p(u expm1(ℓ))
    /// (gₙ = κₙ(u)/n!, the cumulants of a Bernoulli(u)), whose radius of convergence is at least π; kept
    /// to n ≤ 21, the first omitted term is below 5·10⁻¹⁹ for x and 2.1·10⁻¹⁷ for s (measured over
    /// u ∈ [0, 1] in 50-digit arithmetic).
    /// </para>
    /// </remarks>
    public override Var<T> Rsample(Rng rng) => Reparameterised(rng, BatchShape);

    /// <inheritdoc />
    public override Var<T> Rsample(Rng rng, int count) => Reparameterised(rng, Concat(new Shape(count), BatchShape));

    /// <summary>H = −E[log p(X)] = A(ℓ) − ℓA′(ℓ) = 1 − a/expm1(a) + log(−expm1(−a)/a) with a = |ℓ| (≤ 0; 0 at ℓ = 0).</summary>
    public override Var<T> Entropy() => Piecewise(
        (_, s) => -(s * Polynomial(s, EntropySeries)),
        l =>
        {
            var a = Abs(l);
            var tail = -Expm1(-a);
            return -(a * Exp(-a) / tail) + T.One + Log(tail) - Log(a);
        });

    /// <summary>E[X] = A′(ℓ) = ½ + ½ coth(ℓ/2) − 1/ℓ = λ/(2λ − 1) + 1/(2 atanh(1 − 2λ)) (½ at ℓ = 0).</summary>
    public override Var<T> Mean => Piecewise(
        (l, s) => l * Polynomial(s, MeanSeries) + Half,
        l => Reciprocal(Tanh(l * Half)) * Half + Half - Reciprocal(l));

    /// <summary>Var[X] = A″(ℓ) = 1/ℓ² − 1/(4 sinh²(ℓ/2)) = 1/ℓ² − σ(ℓ)σ(−ℓ)/tanh²(ℓ/2) (1/12 at ℓ = 0).</summary>
    public override Var<T> Variance => Piecewise(
        (_, s) => Polynomial(s, VarianceSeries),
        l => Reciprocal(Square(l)) - Sigmoid(l) * Sigmoid(-l) / Square(Tanh(l * Half)));

    /// <summary>
    /// R(ℓ) = A(ℓ) − max(ℓ, 0): (½ − 𝟙[ℓ &gt; 0]) ℓ + Σₖ B₂ₖ ℓ^(2k)/(2k (2k)!) below the cut-off (with the
    /// indicator as a constant, so that at ℓ = 0 the derivative is the ½ that makes (x − 𝟙)ℓ − R smooth),
    /// log(−expm1(−|ℓ|)) − log|ℓ| above it.
    /// </summary>
    private Var<T> Remainder => Piecewise(
        (l, s) => s * Polynomial(s, LogPartitionSeries) + l * Half - l * Positive,
        l =>
        {
            var a = Abs(l);
            return Log(-Expm1(-a)) - Log(a);
        });

    /// <summary>𝟙[ℓ &gt; 0], shape of ℓ.</summary>
    private Tensor<T> Positive
    {
        get
        {
            if (positive is null)
            {
                positive = new Tensor<T>(Logits.Shape);
                ReadOnlySpan<T> logits = Logits.Value.ReadOnlySpan;
                var target = positive.Span;
                for (int i = 0; i < target.Length; i++) target[i] = logits[i] > T.Zero ? T.One : T.Zero;
            }
            return positive;
        }
    }

    /// <summary>
    /// f(ℓ) = series(ℓ, ℓ²) where |ℓ| &lt; c and closed(ℓ) elsewhere. Each branch sees a guarded copy of
    /// ℓ (0 where the other branch is taken, for the series; 1 for the closed form), so the branch not
    /// taken is finite and contributes an exact 0 to the gradient.
    /// </summary>
    private Var<T> Piecewise(Func<Var<T>, Var<T>, Var<T>> series, Func<Var<T>, Var<T>> closed)
    {
        if (nearZero is null)
        {
            nearZero = new Tensor<T>(Logits.Shape);
            ReadOnlySpan<T> logits = Logits.Value.ReadOnlySpan;
            var mask = nearZero.Span;
            for (int i = 0; i < mask.Length; i++) mask[i] = T.Abs(logits[i]) < Cutoff ? T.One : T.Zero;
            inner = Where(nearZero, Logits, Tape.Constant(Tensor<T>.Scalar(T.Zero)));
            outer = Where(nearZero, Tape.Constant(Tensor<T>.Scalar(T.One)), Logits);
        }
        return Where(nearZero, series(inner!, Square(inner!)), closed(outer!));
    }

    /// <summary>c₀ + s(c₁ + s(c₂ + …)) by Horner's rule.</summary>
    private static Var<T> Polynomial(Var<T> s, T[] coefficients)
    {
        var p = s * coefficients[^1] + coefficients[^2];
        for (int k = coefficients.Length - 3; k >= 0; k--) p = p * s + coefficients[k];
        return p;
    }

    private static T[] Coefficients(Func<int, double> factor) =>
        [.. BernoulliOverFactorial.Select((b, i) => T.CreateChecked(b * factor(i + 1)))];

    private Var<T> Reparameterised(Rng rng, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var logits = BroadcastTo(Logits, shape);
        var draw = new Tensor<T>(shape);
        var slope = new Tensor<T>(shape);
        ReadOnlySpan<T> l = logits.Value.ReadOnlySpan;
        Span<T> x = draw.Span, s = slope.Span;
        for (int i = 0; i < x.Length; i++)
        {
            var (value, derivative) = InverseCdf(double.CreateChecked(l[i]), rng.NextDouble());
            x[i] = T.CreateChecked(value);
            s[i] = T.CreateChecked(derivative);
        }
        // ℓ − ℓ₀ is exactly 0, so the value is the draw; its derivative with respect to ℓ is the slope.
        return Tape.Constant(draw) + Tape.Constant(slope) * (logits - Tape.Constant(logits.Value));
    }

    /// <summary>x = F⁻¹(u; ℓ) and ∂x/∂ℓ in double precision (see <see cref="Rsample(Rng)"/>).</summary>
    private static (double Value, double Slope) InverseCdf(double l, double u)
    {
        const double SeriesCutoff = 0.5;
        if (Math.Abs(l) < SeriesCutoff) return InverseCdfSeries(l, u);
        if (u > 0.5)
        {
            var (mirror, slope) = InverseCdf(-l, 1 - u);
            return (1 - mirror, slope);
        }
        double a = Math.Log(u), b = Log1pOf(-u), z = a + l - b;
        double x = (b + SoftplusOf(z)) / l;
        double sigmoid = z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
        return (Math.Clamp(x, 0, 1), (sigmoid - x) / l);
    }

    /// <summary>
    /// g(ℓ) = log1p(y) with y = u expm1(ℓ) = Σₙ u ℓⁿ/n! has coefficients from (1 + y) g′ = y′:
    /// n gₙ = n yₙ − Σ_{k&lt;n} k gₖ yₙ₋ₖ; then x = Σ gₙ ℓⁿ⁻¹ and ∂x/∂ℓ = Σ (n − 1) gₙ ℓⁿ⁻².
    /// </summary>
    private static (double Value, double Slope) InverseCdfSeries(double l, double u)
    {
        const int Terms = 21;
        Span<double> y = stackalloc double[Terms + 1], g = stackalloc double[Terms + 1];
        double inverseFactorial = 1;
        for (int n = 1; n <= Terms; n++)
        {
            inverseFactorial /= n;
            y[n] = u * inverseFactorial;
            double sum = n * y[n];
            for (int k = 1; k < n; k++) sum -= k * g[k] * y[n - k];
            g[n] = sum / n;
        }
        double x = 0, slope = 0;
        for (int n = Terms; n >= 1; n--) x = x * l + g[n];
        for (int n = Terms; n >= 2; n--) slope = slope * l + (n - 1) * g[n];
        return (x, slope);
    }

    private static double SoftplusOf(double z) => double.IsNegativeInfinity(z) ? 0 : Math.Max(z, 0) + Log1pOf(Math.Exp(-Math.Abs(z)));

    /// <summary>ln(1 + x) by Goldberg's correction (double.LogP1 computes ln(1 + x) naively).</summary>
    private static double Log1pOf(double x)
    {
        double v = 1 + x;
        return v == 1 ? x : Math.Log(v) * x / (v - 1);
    }

    /// <summary>
    /// KL(p‖q) = E_p[(ℓp − ℓq)X] − A(ℓp) + A(ℓq) = A′(ℓp)(ℓp − ℓq) − A(ℓp) + A(ℓq): log p − log q is
    /// linear in x, so only the mean of p enters. Written with A = max(ℓ, 0) + R(ℓ) so that the large
    /// parts of A(ℓp) and A(ℓq) cancel exactly; exactly 0 for identical logits.
    /// </summary>
    private static Var<T> KlContinuousBernoulli(ContinuousBernoulli<T> p, ContinuousBernoulli<T> q) =>
        p.Mean * (p.Logits - q.Logits) - (Relu(p.Logits) - Relu(q.Logits)) - p.Remainder + q.Remainder;
}
