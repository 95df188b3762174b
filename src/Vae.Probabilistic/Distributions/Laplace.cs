using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Divergences;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// The Laplace (double exponential) distribution, element-wise over a batch:
/// p(x) = exp(−|x − μ| / b) / (2b).
/// </summary>
/// <remarks>
/// The likelihood behind an L1 reconstruction loss. Valid range: μ finite, b &gt; 0 finite. Registers
/// KL(Laplace‖Laplace) and KL(Normal‖Laplace) (a Gaussian posterior against a Laplace prior).
/// </remarks>
public sealed class Laplace<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T LogTwo = T.CreateChecked(0.69314718055994530941723212145818);
    private static readonly T Half = T.CreateChecked(0.5);
    private static readonly T Two = T.CreateChecked(2);
    private static readonly T SqrtTwoOverPi = T.CreateChecked(0.79788456080286535587989211986876);
    private static readonly T InverseSqrtTwo = T.CreateChecked(0.70710678118654752440084436210485);

    /// <summary>log 2 − ½ − ½ log 2π: the constant of KL(Normal‖Laplace).</summary>
    private static readonly T NormalLaplaceConstant = T.CreateChecked(-0.72579135264472743236);

    static Laplace()
    {
        Kl<T>.Register<Laplace<T>, Laplace<T>>(KlLaplaceLaplace);
        Kl<T>.Register<Normal<T>, Laplace<T>>(KlNormalLaplace);
    }

    /// <summary>Laplace(loc, scale) with loc and scale broadcast together into the batch shape.</summary>
    /// <param name="loc">μ, any finite value (the median and mean).</param>
    /// <param name="scale">b, finite and &gt; 0 (the variance is 2b²).</param>
    /// <param name="validate">Check the parameters (on by default; switch off in hot loops).</param>
    /// <exception cref="ArgumentException">A parameter is outside its support (when <paramref name="validate"/>).</exception>
    public Laplace(Var<T> loc, Var<T> scale, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(loc);
        ArgumentNullException.ThrowIfNull(scale);
        if (validate)
        {
            Constraint.Finite(loc.Value, nameof(loc), "Laplace");
            Constraint.Positive(scale.Value, nameof(scale), "Laplace");
        }
        Loc = loc;
        Scale = scale;
        LogScale = Log(scale);
        BatchShape = Shape.Broadcast(loc.Shape, scale.Shape);
    }

    /// <summary>μ.</summary>
    public Var<T> Loc { get; }

    /// <summary>b.</summary>
    public Var<T> Scale { get; }

    /// <summary>log b.</summary>
    public Var<T> LogScale { get; }

    /// <inheritdoc />
    public override Tape<T> Tape => Loc.Tape;

    /// <inheritdoc />
    public override Shape BatchShape { get; }

    /// <inheritdoc />
    public override Shape EventShape => Shape.Scalar;

    /// <inheritdoc />
    public override bool HasRsample => true;

    /// <summary>log p(x) = −|x − μ| / b − log b − log 2.</summary>
    public override Var<T> LogProb(Var<T> value) => -(Abs(value - Loc) / Scale + LogScale) - LogTwo;

    /// <summary>
    /// x = μ + b ε with ε = F⁻¹(u) = −sign(u − ½) log(1 − 2|u − ½|), the inverse CDF of the standard
    /// Laplace distribution at u uniform on (0, 1).
    /// </summary>
    /// <remarks>
    /// u = 0 (possible on the generator's grid) is redrawn, so 1 − 2|u − ½| ∈ (0, 1] is computed
    /// exactly, and |ε| is at most 23 ln 2 ≈ 15.9 in float and 52 ln 2 ≈ 36.0 in double (u on a grid
    /// of 2⁻²⁴ or 2⁻⁵³).
    /// </remarks>
    public override Var<T> Rsample(Rng rng) => Loc + Scale * Tape.Constant(StandardLaplace(rng, BatchShape));

    /// <inheritdoc />
    public override Var<T> Rsample(Rng rng, int count) =>
        Loc + Scale * Tape.Constant(StandardLaplace(rng, Concat(new Shape(count), BatchShape)));

    /// <summary>H = 1 + log 2 + log b.</summary>
    public override Var<T> Entropy() => BroadcastTo(LogScale + (T.One + LogTwo), BatchShape);

    /// <summary>E[X] = μ (broadcast to the batch shape).</summary>
    public override Var<T> Mean => BroadcastTo(Loc, BatchShape);

    /// <summary>Var[X] = 2b² (broadcast to the batch shape).</summary>
    public override Var<T> Variance => BroadcastTo(Square(Scale) * Two, BatchShape);

    private static Tensor<T> StandardLaplace(Rng rng, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var eps = new Tensor<T>(shape);
        var span = eps.Span;
        rng.FillUniform(span);
        for (int i = 0; i < span.Length; i++)
        {
            while (span[i] == T.Zero) rng.FillUniform(span.Slice(i, 1));
            T v = span[i] - Half;
            // 1 − 2|v| is a multiple of the grid spacing in (0, 1]: exact, so no log1p is needed.
            T magnitude = -T.Log(T.One - Two * T.Abs(v));
            span[i] = v < T.Zero ? -magnitude : magnitude;
        }
        return eps;
    }

    /// <summary>
    /// KL(p‖q) = log(bq/bp) + δ/bq + (bp/bq) e^(−δ/bp) − 1 with δ = |μp − μq|, from
    /// −H(p) − E_p[log q(X)] and E_p|X − μq| = δ + bp e^(−δ/bp). Written with d = log bp − log bq and
    /// t = δ/bp as (expm1(d − t) − (d − t)) + t·expm1(d): both parts are of second order as p → q,
    /// so no first-order terms cancel.
    /// </summary>
    private static Var<T> KlLaplaceLaplace(Laplace<T> p, Laplace<T> q)
    {
        var d = p.LogScale - q.LogScale;
        var t = Abs(p.Loc - q.Loc) / p.Scale;
        var e = d - t;
        return Expm1(e) - e + t * Expm1(d);
    }

    /// <summary>
    /// KL(N(μ, σ²)‖Laplace(m, b)) = log(2b/σ) − ½(1 + log 2π) + E|X − m| / b, where X − m is normal
    /// with mean μ − m, so E|X − m| is the folded-normal mean σ h(t) with t = (μ − m)/σ and
    /// h(t) = √(2/π) e^(−t²/2) + t erf(t/√2) (Leone, Nelson and Nottingham, Technometrics 3, 1961).
    /// h ≥ |t| keeps σ h(t) → |μ − m| finite as σ → 0.
    /// </summary>
    private static Var<T> KlNormalLaplace(Normal<T> p, Laplace<T> q)
    {
        var t = (p.Loc - q.Loc) / p.Scale;
        var folded = Exp(Square(t) * -Half) * SqrtTwoOverPi + t * Erf(t * InverseSqrtTwo);
        return q.LogScale - p.LogScale + NormalLaplaceConstant + p.Scale / q.Scale * folded;
    }
}
