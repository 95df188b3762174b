using MathNet.Numerics.LinearAlgebra;

namespace Vae.Probabilistic.Linear;

/// <summary>
/// Probabilistic PCA (Tipping and Bishop, 1999): z ~ N(0, I_q), x | z ~ N(W z + μ, σ² I_D), in closed
/// form and float64. The linear-Gaussian VAE whose marginal, posterior and ELBO are exact, with any
/// subset of coordinates observed: the oracle that masked likelihoods and ELBOs are tested against.
/// </summary>
/// <remarks>
/// With o the observed coordinates, W_o and μ_o their rows: the marginal is
/// x_o ~ N(μ_o, W_o W_oᵀ + σ² I), and the posterior is p(z | x_o) = N(M⁻¹ W_oᵀ (x_o − μ_o), σ² M⁻¹) with
/// M = W_oᵀ W_o + σ² I_q (Tipping and Bishop, 1999, §3.2, restricted to the observed rows: the
/// missing coordinates integrate out of the factorised likelihood). Masks are 0/1 per coordinate
/// (true = observed); missing entries of x are never read, so they may hold NaN.
/// </remarks>
public sealed class ProbabilisticPca
{
    /// <summary>The model with loading <paramref name="loading"/> (D × q), mean <paramref name="mean"/> (D) and noise variance σ².</summary>
    /// <exception cref="ArgumentException">The shapes differ, a value is not finite, or σ² ≤ 0.</exception>
    public ProbabilisticPca(Matrix<double> loading, Vector<double> mean, double noiseVariance)
    {
        ArgumentNullException.ThrowIfNull(loading);
        ArgumentNullException.ThrowIfNull(mean);
        if (loading.RowCount != mean.Count)
            throw new ArgumentException(
                $"ProbabilisticPca: the loading has {loading.RowCount} rows but the mean has {mean.Count} coordinates.", nameof(loading));
        if (!loading.Enumerate().All(double.IsFinite) || !mean.All(double.IsFinite))
            throw new ArgumentException("ProbabilisticPca: the loading and the mean must be finite.", nameof(loading));
        if (!(noiseVariance > 0) || !double.IsFinite(noiseVariance))
            throw new ArgumentException($"ProbabilisticPca: the noise variance must be finite and > 0; got {noiseVariance}.", nameof(noiseVariance));
        Loading = loading;
        Mean = mean;
        NoiseVariance = noiseVariance;
    }

    /// <summary>W, D × q.</summary>
    public Matrix<double> Loading { get; }

    /// <summary>μ, D.</summary>
    public Vector<double> Mean { get; }

    /// <summary>σ².</summary>
    public double NoiseVariance { get; }

    /// <summary>D.</summary>
    public int DataDimension => Loading.RowCount;

    /// <summary>q.</summary>
    public int LatentDimension => Loading.ColumnCount;

    /// <summary>The marginal of the observed coordinates, N(μ_o, W_o W_oᵀ + σ² I).</summary>
    /// <exception cref="ArgumentException">The mask has the wrong length or observes nothing.</exception>
    public DenseGaussian Marginal(IReadOnlyList<bool> observed)
    {
        var rows = Observed(observed);
        var w = Rows(Loading, rows);
        var covariance = w * w.Transpose() + Matrix<double>.Build.DenseIdentity(rows.Length) * NoiseVariance;
        return new DenseGaussian(Select(Mean, rows), Symmetrised(covariance));
    }

    /// <summary>log p(x_o) = log N(x_o; μ_o, W_o W_oᵀ + σ² I): the exact log marginal of the observed coordinates.</summary>
    /// <exception cref="ArgumentException">The lengths differ, the mask observes nothing, or an observed entry is not finite.</exception>
    public double LogMarginal(Vector<double> x, IReadOnlyList<bool> observed) =>
        Marginal(observed).LogDensity(ObservedValues(x, observed));

    /// <summary>p(z | x_o) = N(M⁻¹ W_oᵀ (x_o − μ_o), σ² M⁻¹) with M = W_oᵀ W_o + σ² I_q.</summary>
    /// <exception cref="ArgumentException">The lengths differ, the mask observes nothing, or an observed entry is not finite.</exception>
    public DenseGaussian Posterior(Vector<double> x, IReadOnlyList<bool> observed)
    {
        var rows = Observed(observed);
        var w = Rows(Loading, rows);
        var m = w.TransposeThisAndMultiply(w) + Matrix<double>.Build.DenseIdentity(LatentDimension) * NoiseVariance;
        var mInverse = Symmetrised(m.Inverse());
        var mean = mInverse * (w.TransposeThisAndMultiply(ObservedValues(x, observed) - Select(Mean, rows)));
        return new DenseGaussian(mean, mInverse * NoiseVariance);
    }

    /// <summary>
    /// E_q[log N(x_o; W_o z + μ_o, σ² I)] = log N(x_o; W_o m + μ_o, σ² I) − tr(W_o S W_oᵀ) / (2σ²) for
    /// q = N(m, S): the expected log-likelihood of the observed coordinates.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, the mask observes nothing, or q has the wrong dimension.</exception>
    public double ExpectedLogLikelihood(Vector<double> x, IReadOnlyList<bool> observed, DenseGaussian q)
    {
        ArgumentNullException.ThrowIfNull(q);
        CheckLatent(q);
        var rows = Observed(observed);
        var w = Rows(Loading, rows);
        var residual = ObservedValues(x, observed) - (w * q.Mean + Select(Mean, rows));
        double logLikelihood = -0.5 * (rows.Length * Math.Log(2 * Math.PI * NoiseVariance) + residual.DotProduct(residual) / NoiseVariance);
        return logLikelihood - (w * q.Covariance).TransposeAndMultiply(w).Trace() / (2 * NoiseVariance);
    }

    /// <summary>
    /// The masked ELBO for q(z) = N(m, S): E_q[log N(x_o; W_o z + μ_o, σ² I)] − KL(q ‖ N(0, I_q)); it equals
    /// log p(x_o) − KL(q ‖ p(z | x_o)), so it is exact when q is the posterior.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, the mask observes nothing, or q has the wrong dimension.</exception>
    public double MaskedElbo(Vector<double> x, IReadOnlyList<bool> observed, DenseGaussian q) =>
        ExpectedLogLikelihood(x, observed, q) - DenseGaussian.KullbackLeibler(q, DenseGaussian.Standard(LatentDimension));

    /// <summary>Σₙ log N(xₙ; μ, W Wᵀ + σ² I) over the rows of <paramref name="data"/> (N × D), all coordinates observed.</summary>
    /// <exception cref="ArgumentException">The data have the wrong number of columns.</exception>
    public double LogLikelihood(Matrix<double> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != DataDimension)
            throw new ArgumentException($"ProbabilisticPca: the data have {data.ColumnCount} columns; expected {DataDimension}.", nameof(data));
        var marginal = Marginal(Enumerable.Repeat(true, DataDimension).ToArray());
        return data.EnumerateRows().Sum(marginal.LogDensity);
    }

    /// <summary>
    /// The maximum-likelihood fit (Tipping and Bishop, 1999, §3.2, with R = I): μ = the sample mean,
    /// σ² = the mean of the D − q smallest eigenvalues of the sample covariance S = (1/N) Σₙ (xₙ − μ)(xₙ − μ)ᵀ,
    /// W = U_q (Λ_q − σ² I)^{1/2} with U_q, Λ_q the q leading eigenvectors and eigenvalues. Its
    /// log-likelihood is −(N/2)(D log 2π + Σ_{j≤q} log λⱼ + (D − q) log σ² + D).
    /// </summary>
    /// <exception cref="ArgumentException">Not 1 ≤ q &lt; D, fewer than two rows, or the data span at most q dimensions (σ² = 0).</exception>
    public static ProbabilisticPca FitMaximumLikelihood(Matrix<double> data, int latentDimension)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.RowCount, d = data.ColumnCount;
        if (latentDimension < 1 || latentDimension >= d)
            throw new ArgumentOutOfRangeException(nameof(latentDimension), latentDimension,
                $"ProbabilisticPca: the latent dimension must be in 1..{d - 1} for {d}-dimensional data.");
        if (n < 2) throw new ArgumentException($"ProbabilisticPca: fitting needs at least two rows; got {n}.", nameof(data));
        var mean = data.ColumnSums() / n;
        var centred = data - Matrix<double>.Build.Dense(n, d, (_, j) => mean[j]);
        var covariance = Symmetrised(centred.TransposeThisAndMultiply(centred) / n);
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        double noise = order.Skip(latentDimension).Average(i => evd.EigenValues[i].Real);
        if (!(noise > 0))
            throw new ArgumentException(
                $"ProbabilisticPca: the data span at most {latentDimension} dimensions, so the noise variance would be {noise}.", nameof(data));
        var loading = Matrix<double>.Build.Dense(d, latentDimension, (i, j) =>
            evd.EigenVectors[i, order[j]] * Math.Sqrt(Math.Max(evd.EigenValues[order[j]].Real - noise, 0)));
        return new ProbabilisticPca(loading, mean, noise);
    }

    private void CheckLatent(DenseGaussian q)
    {
        if (q.Dimension != LatentDimension)
            throw new ArgumentException($"ProbabilisticPca: q has dimension {q.Dimension}; the latent dimension is {LatentDimension}.", nameof(q));
    }

    private int[] Observed(IReadOnlyList<bool> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        if (observed.Count != DataDimension)
            throw new ArgumentException($"ProbabilisticPca: the mask has {observed.Count} entries; expected {DataDimension}.", nameof(observed));
        var rows = Enumerable.Range(0, DataDimension).Where(i => observed[i]).ToArray();
        if (rows.Length == 0) throw new ArgumentException("ProbabilisticPca: the mask observes no coordinate.", nameof(observed));
        return rows;
    }

    private Vector<double> ObservedValues(Vector<double> x, IReadOnlyList<bool> observed)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != DataDimension)
            throw new ArgumentException($"ProbabilisticPca: x has {x.Count} coordinates; expected {DataDimension}.", nameof(x));
        var values = Select(x, Observed(observed));
        if (!values.All(double.IsFinite))
            throw new ArgumentException("ProbabilisticPca: every observed entry of x must be finite.", nameof(x));
        return values;
    }

    private static Vector<double> Select(Vector<double> v, int[] rows) => Vector<double>.Build.Dense(rows.Length, i => v[rows[i]]);

    private static Matrix<double> Rows(Matrix<double> m, int[] rows) => Matrix<double>.Build.Dense(rows.Length, m.ColumnCount, (i, j) => m[rows[i], j]);

    private static Matrix<double> Symmetrised(Matrix<double> m) => (m + m.Transpose()) * 0.5;
}
