using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Divergences;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// The multivariate normal N(μ, Σ) over the last axis with a low-rank-plus-diagonal covariance
/// Σ = W Wᵀ + diag(d): W of shape [D, K] (K small), d &gt; 0 of shape [D], μ of shape batch + [D].
/// </summary>
/// <remarks>
/// <para>
/// Nothing of size D × D is formed. With the capacitance matrix C = I_K + Wᵀ D⁻¹ W and its Cholesky
/// factor L (a K × K factorisation, <see cref="Ops.Cholesky{T}"/>), the Woodbury identity gives
/// Σ⁻¹ = D⁻¹ − D⁻¹ W C⁻¹ Wᵀ D⁻¹, so rᵀ Σ⁻¹ r = Σᵢ rᵢ² / dᵢ − ‖L⁻¹ Wᵀ D⁻¹ r‖², and the matrix
/// determinant lemma gives log |Σ| = log |C| + Σᵢ log dᵢ = 2 Σₖ log Lₖₖ + Σᵢ log dᵢ (as
/// torch.distributions.LowRankMultivariateNormal). Every result is differentiable with respect to μ,
/// W, d and the value. Cost per log-density: O(D K) per point plus O(D K² + K³) once.
/// </para>
/// <para>
/// W and d are shared by the whole batch (the batch comes from μ). The Woodbury form subtracts two
/// terms of size ‖D^{-1/2} r‖², so for r along a direction of W with ‖W‖² / d ≫ 1 its absolute error is
/// up to a few ε ‖D^{-1/2} r‖² (as in torch): values and gradients stay finite for any d &gt; 0, but the
/// accuracy goes with ε ‖W‖² / d. With ‖W‖² / d = 1e12 a log-density of 10.7 comes out 6e-5 off in
/// float64 and meaningless in float32; keep d ≳ 1e-6 ‖W‖² in float32.
/// </para>
/// </remarks>
public sealed class LowRankMultivariateNormal<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T LogTwoPi = T.CreateChecked(1.8378770664093454835606594728112);
    private static readonly T Half = T.CreateChecked(0.5);

    private Var<T>? identity, scaledFactor, capacitanceCholesky, logDeterminant;

    static LowRankMultivariateNormal()
    {
        Kl<T>.Register<LowRankMultivariateNormal<T>, LowRankMultivariateNormal<T>>(KlLowRankLowRank);
        Kl<T>.Register<LowRankMultivariateNormal<T>, Independent<T>>(KlLowRankDiagonal);
        Kl<T>.Register<Independent<T>, LowRankMultivariateNormal<T>>(KlDiagonalLowRank);
    }

    /// <summary>N(loc, W Wᵀ + diag(d)) with W = <paramref name="covarianceFactor"/> and d = <paramref name="covarianceDiagonal"/>.</summary>
    /// <param name="loc">μ, shape batch + [D] (batch of rank 0 to 3), finite.</param>
    /// <param name="covarianceFactor">W, shape [D, K] with K ≥ 1, finite.</param>
    /// <param name="covarianceDiagonal">d, shape [D], finite and &gt; 0.</param>
    /// <param name="validate">Check the parameters' values (on by default; switch off in hot loops). Shapes are always checked.</param>
    /// <exception cref="ShapeMismatchException">The shapes do not fit together.</exception>
    /// <exception cref="ArgumentException">A parameter is outside its support (when <paramref name="validate"/>).</exception>
    public LowRankMultivariateNormal(Var<T> loc, Var<T> covarianceFactor, Var<T> covarianceDiagonal, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(loc);
        ArgumentNullException.ThrowIfNull(covarianceFactor);
        ArgumentNullException.ThrowIfNull(covarianceDiagonal);
        const string family = "LowRankMultivariateNormal";
        if (loc.Shape.Rank == 0)
            throw new ArgumentException($"{family}: 'loc' must have an event axis (shape batch + [D]); got shape {loc.Shape}.", nameof(loc));
        int dimension = loc.Shape[-1];
        if (covarianceFactor.Shape.Rank != 2 || covarianceFactor.Shape[0] != dimension || covarianceFactor.Shape[1] < 1)
            throw new ShapeMismatchException(family, loc.Shape, covarianceFactor.Shape,
                $"'covarianceFactor' must have shape [D, K] with D = {dimension} (the last axis of 'loc') and K >= 1");
        if (covarianceDiagonal.Shape != new Shape(dimension))
            throw new ShapeMismatchException(family, loc.Shape, covarianceDiagonal.Shape,
                $"'covarianceDiagonal' must have shape [{dimension}] (the last axis of 'loc')");
        if (validate)
        {
            Constraint.Finite(loc.Value, nameof(loc), family);
            Constraint.Finite(covarianceFactor.Value, nameof(covarianceFactor), family);
            Constraint.Positive(covarianceDiagonal.Value, nameof(covarianceDiagonal), family);
        }
        Loc = loc;
        CovarianceFactor = covarianceFactor;
        CovarianceDiagonal = covarianceDiagonal;
        var dims = loc.Shape.ToArray();
        BatchShape = new Shape(dims[..^1]);
        EventShape = new Shape(dimension);
    }

    /// <summary>μ, shape batch + [D].</summary>
    public Var<T> Loc { get; }

    /// <summary>W, shape [D, K].</summary>
    public Var<T> CovarianceFactor { get; }

    /// <summary>d, shape [D]: the diagonal added to W Wᵀ.</summary>
    public Var<T> CovarianceDiagonal { get; }

    /// <summary>D, the event size.</summary>
    public int Dimension => EventShape[0];

    /// <summary>K, the rank of the factor.</summary>
    public int FactorRank => CovarianceFactor.Shape[1];

    /// <summary>The lower Cholesky factor L of the capacitance matrix C = I_K + Wᵀ D⁻¹ W, shape [K, K].</summary>
    public Var<T> CapacitanceCholesky => capacitanceCholesky ??=
        Cholesky(Identity + MatMul(CovarianceFactor, ScaledFactor, transposeA: true));

    /// <summary>log |Σ| = 2 Σₖ log Lₖₖ + Σᵢ log dᵢ (the matrix determinant lemma), a scalar.</summary>
    public Var<T> LogDeterminant => logDeterminant ??=
        Sum(Log(Sum(CapacitanceCholesky * Identity, -1))) * T.CreateChecked(2) + Sum(Log(CovarianceDiagonal));

    /// <inheritdoc />
    public override Tape<T> Tape => Loc.Tape;

    /// <inheritdoc />
    public override Shape BatchShape { get; }

    /// <inheritdoc />
    public override Shape EventShape { get; }

    /// <inheritdoc />
    public override bool HasRsample => true;

    /// <summary>I_K as a constant, shared by the capacitance matrix and the diagonal of its factor.</summary>
    private Var<T> Identity => identity ??= Tape.Constant(IdentityMatrix(FactorRank));

    /// <summary>D⁻¹ W, shape [D, K].</summary>
    private Var<T> ScaledFactor => scaledFactor ??= CovarianceFactor / Reshape(CovarianceDiagonal, Dimension, 1);

    /// <summary>log p(x) = −½(D log 2π + log |Σ| + (x − μ)ᵀ Σ⁻¹ (x − μ)), shape (sample +) batch.</summary>
    /// <exception cref="ShapeMismatchException">The value's last axis is not D, or it does not broadcast with μ.</exception>
    public override Var<T> LogProb(Var<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var normaliser = (LogDeterminant + T.CreateChecked(Dimension) * LogTwoPi) * Half;
        return -(Mahalanobis(value - Loc) * Half) - normaliser;
    }

    /// <summary>
    /// x = μ + W ε₁ + √d ⊙ ε₂ with ε₁ ~ N(0, I_K) and ε₂ ~ N(0, I_D) drawn from <paramref name="rng"/>
    /// (ε₁ first): Cov[x] = W Wᵀ + diag(d). Shape batch + [D].
    /// </summary>
    public override Var<T> Rsample(Rng rng) => Draw(rng, Shape);

    /// <inheritdoc cref="Rsample(Rng)"/>
    /// <remarks>Shape [count] + batch + [D].</remarks>
    public override Var<T> Rsample(Rng rng, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return Draw(rng, Concat(new Shape(count), Shape));
    }

    /// <summary>H = ½ D (1 + log 2π) + ½ log |Σ|, shape batch.</summary>
    public override Var<T> Entropy() =>
        BroadcastTo(LogDeterminant * Half + T.CreateChecked(Dimension) * Half * (T.One + LogTwoPi), BatchShape);

    /// <summary>E[X] = μ.</summary>
    public override Var<T> Mean => Loc;

    /// <summary>Var[Xᵢ] = Σₖ Wᵢₖ² + dᵢ (the diagonal of Σ), broadcast to batch + [D].</summary>
    public override Var<T> Variance => BroadcastTo(Sum(Square(CovarianceFactor), -1) + CovarianceDiagonal, Shape);

    /// <summary>rᵀ Σ⁻¹ r = Σᵢ rᵢ² / dᵢ − ‖L⁻¹ Wᵀ D⁻¹ r‖² for r of shape S + [D]; shape S.</summary>
    internal Var<T> Mahalanobis(Var<T> r)
    {
        if (r.Shape.Rank == 0 || r.Shape[-1] != Dimension)
            throw new ShapeMismatchException("LowRankMultivariateNormal", r.Shape, EventShape, "the value's last axis must be the event size D");
        var direct = Sum(Square(r) / CovarianceDiagonal, -1);
        int points = r.Shape.Size / Dimension;
        // (D⁻¹W)ᵀ rᵀ: [K, points], then L⁻¹ of it.
        var projected = MatMul(ScaledFactor, Reshape(r, points, Dimension), transposeA: true, transposeB: true);
        var whitened = SolveLowerTriangular(CapacitanceCholesky, projected);
        return direct - Reshape(Sum(Square(whitened), 0), direct.Shape);
    }

    /// <summary>The diagonal of Σ⁻¹: 1/dᵢ − Σₖ (L⁻¹ Wᵀ D⁻¹)ₖᵢ², shape [D].</summary>
    private Var<T> PrecisionDiagonal(Var<T> whitenedFactor) =>
        Reciprocal(CovarianceDiagonal) - Sum(Square(whitenedFactor), 0);

    /// <summary>A = L⁻¹ Wᵀ D⁻¹, shape [K, D]: Σ⁻¹ = D⁻¹ − Aᵀ A.</summary>
    private Var<T> WhitenedFactor() => SolveLowerTriangular(CapacitanceCholesky, Transpose(ScaledFactor));

    private Var<T> Draw(Rng rng, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int points = shape.Size / Dimension;
        var lowRank = Tape.StandardNormal(new Shape(points, FactorRank), rng);
        var diagonal = Tape.StandardNormal(shape, rng);
        var correlated = Reshape(MatMul(lowRank, CovarianceFactor, transposeB: true), shape);
        return Loc + correlated + Sqrt(CovarianceDiagonal) * diagonal;
    }

    private static Tensor<T> IdentityMatrix(int n)
    {
        var identity = new Tensor<T>(new Shape(n, n));
        for (int i = 0; i < n; i++) identity[i * n + i] = T.One;
        return identity;
    }

    /// <summary>
    /// KL(p‖q) = ½[tr(Σq⁻¹ Σp) + δᵀ Σq⁻¹ δ − D + log |Σq| − log |Σp|] with δ = μq − μp (the closed
    /// form for two Gaussians, e.g. Rasmussen and Williams, 2006, §A.5), where by Woodbury, with
    /// A = Lq⁻¹ Wqᵀ Dq⁻¹, tr(Σq⁻¹ Σp) = Σ Wp² / dq − ‖A Wp‖²_F + Σᵢ dpᵢ (Σq⁻¹)ᵢᵢ and
    /// (Σq⁻¹)ᵢᵢ = 1/dqᵢ − Σₖ Aₖᵢ².
    /// </summary>
    private static Var<T> KlLowRankLowRank(LowRankMultivariateNormal<T> p, LowRankMultivariateNormal<T> q)
    {
        CheckDimensions(p.Dimension, q.Dimension);
        var a = q.WhitenedFactor();
        var factorTrace = Sum(Square(p.CovarianceFactor) / Reshape(q.CovarianceDiagonal, q.Dimension, 1))
            - Sum(Square(MatMul(a, p.CovarianceFactor)));
        var diagonalTrace = Sum(p.CovarianceDiagonal * q.PrecisionDiagonal(a));
        var constant = factorTrace + diagonalTrace + q.LogDeterminant - p.LogDeterminant - T.CreateChecked(p.Dimension);
        return (q.Mahalanobis(q.Loc - p.Loc) + constant) * Half;
    }

    /// <summary>
    /// KL(p‖q) for q = Independent(Normal(m, s), 1) (a diagonal Gaussian such as the VAE prior):
    /// Σᵢ [½ (Σp,ᵢᵢ + (μpᵢ − mᵢ)²) / sᵢ² + log sᵢ] − ½(D + log |Σp|), with Σp,ᵢᵢ = Σₖ Wᵢₖ² + dᵢ.
    /// </summary>
    private static Var<T> KlLowRankDiagonal(LowRankMultivariateNormal<T> p, Independent<T> q)
    {
        var normal = DiagonalNormal(q, p.Dimension, nameof(q));
        var marginal = Sum(Square(p.CovarianceFactor), -1) + p.CovarianceDiagonal;
        var terms = (marginal + Square(p.Loc - normal.Loc)) / Square(normal.Scale) * Half + normal.LogScale;
        return Sum(terms, -1) - (p.LogDeterminant + T.CreateChecked(p.Dimension)) * Half;
    }

    /// <summary>
    /// KL(p‖q) for p = Independent(Normal(m, s), 1): ½[Σᵢ sᵢ² (Σq⁻¹)ᵢᵢ + δᵀ Σq⁻¹ δ − D + log |Σq|] − Σᵢ log sᵢ,
    /// the Gaussian KL with Σp = diag(s²).
    /// </summary>
    private static Var<T> KlDiagonalLowRank(Independent<T> p, LowRankMultivariateNormal<T> q)
    {
        var normal = DiagonalNormal(p, q.Dimension, nameof(p));
        var shape = normal.BatchShape;
        var trace = Sum(Square(BroadcastTo(normal.Scale, shape)) * q.PrecisionDiagonal(q.WhitenedFactor()), -1);
        var logScale = Sum(BroadcastTo(normal.LogScale, shape), -1);
        var mahalanobis = q.Mahalanobis(q.Loc - normal.Mean);
        return (trace + mahalanobis + q.LogDeterminant - T.CreateChecked(q.Dimension)) * Half - logScale;
    }

    /// <summary>The Normal inside an Independent with one reinterpreted axis of size <paramref name="dimension"/>.</summary>
    private static Normal<T> DiagonalNormal(Independent<T> independent, int dimension, string parameter)
    {
        if (independent.Base is not Normal<T> normal || independent.ReinterpretedDims != 1)
            throw new ArgumentException(
                $"KL with LowRankMultivariateNormal: the Independent must wrap a Normal with one reinterpreted axis; got {independent.Base.GetType().Name.Split('`')[0]} with {independent.ReinterpretedDims}.",
                parameter);
        if (independent.EventShape != new Shape(dimension))
            throw new ArgumentException(
                $"KL with LowRankMultivariateNormal: the event shapes differ ({independent.EventShape} and [{dimension}]).", parameter);
        return normal;
    }

    private static void CheckDimensions(int p, int q)
    {
        if (p != q)
            throw new ArgumentException($"KL(LowRankMultivariateNormal‖LowRankMultivariateNormal): the event sizes differ ({p} and {q}).", nameof(q));
    }
}
