using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Vae.Probabilistic.Linear;

/// <summary>
/// A multivariate normal N(m, S) in float64 with a dense covariance, factored once by Cholesky: the
/// closed-form reference the linear-Gaussian oracles (<see cref="ProbabilisticPca"/>) are written with.
/// </summary>
/// <remarks>Meant for small dimensions (tests, oracles): every operation is O(n³) at most.</remarks>
public sealed class DenseGaussian
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);
    private readonly Cholesky<double> cholesky;

    /// <summary>N(<paramref name="mean"/>, <paramref name="covariance"/>).</summary>
    /// <exception cref="ArgumentException">The shapes differ, or the covariance is not symmetric positive definite.</exception>
    public DenseGaussian(Vector<double> mean, Matrix<double> covariance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(covariance);
        if (covariance.RowCount != mean.Count || covariance.ColumnCount != mean.Count)
            throw new ArgumentException(
                $"DenseGaussian: the covariance must be {mean.Count}x{mean.Count} like the mean; got {covariance.RowCount}x{covariance.ColumnCount}.",
                nameof(covariance));
        for (int i = 0; i < mean.Count; i++)
            for (int j = 0; j < i; j++)
                if (Math.Abs(covariance[i, j] - covariance[j, i]) > 1e-12 * (Math.Abs(covariance[i, j]) + Math.Abs(covariance[j, i])))
                    throw new ArgumentException($"DenseGaussian: the covariance is not symmetric at ({i}, {j}).", nameof(covariance));
        Mean = mean;
        Covariance = covariance;
        try
        {
            cholesky = covariance.Cholesky();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("DenseGaussian: the covariance is not positive definite.", nameof(covariance), e);
        }
        LogDeterminant = cholesky.DeterminantLn;
    }

    /// <summary>m.</summary>
    public Vector<double> Mean { get; }

    /// <summary>S.</summary>
    public Matrix<double> Covariance { get; }

    /// <summary>n, the dimension.</summary>
    public int Dimension => Mean.Count;

    /// <summary>log |S|.</summary>
    public double LogDeterminant { get; }

    /// <summary>log N(x; m, S) = −½(n log 2π + log |S| + (x − m)ᵀ S⁻¹ (x − m)).</summary>
    /// <exception cref="ArgumentException">The point has another dimension.</exception>
    public double LogDensity(Vector<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != Dimension)
            throw new ArgumentException($"DenseGaussian: the point has {x.Count} coordinates; expected {Dimension}.", nameof(x));
        var r = x - Mean;
        return -0.5 * (Dimension * LogTwoPi + LogDeterminant + r.DotProduct(cholesky.Solve(r)));
    }

    /// <summary>H = ½(n (1 + log 2π) + log |S|).</summary>
    public double Entropy() => 0.5 * (Dimension * (1 + LogTwoPi) + LogDeterminant);

    /// <summary>S⁻¹ B, by the Cholesky factor.</summary>
    public Matrix<double> Solve(Matrix<double> b) => cholesky.Solve(b);

    /// <summary>
    /// KL(p‖q) = ½[tr(Sq⁻¹ Sp) + (mq − mp)ᵀ Sq⁻¹ (mq − mp) − n + log |Sq| − log |Sp|], the closed form for
    /// two Gaussians (e.g. Rasmussen and Williams, 2006, §A.5).
    /// </summary>
    /// <exception cref="ArgumentException">The dimensions differ.</exception>
    public static double KullbackLeibler(DenseGaussian p, DenseGaussian q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (p.Dimension != q.Dimension)
            throw new ArgumentException($"DenseGaussian.KullbackLeibler: the dimensions differ ({p.Dimension} and {q.Dimension}).", nameof(q));
        var delta = q.Mean - p.Mean;
        double trace = q.Solve(p.Covariance).Trace();
        return 0.5 * (trace + delta.DotProduct(q.cholesky.Solve(delta)) - p.Dimension + q.LogDeterminant - p.LogDeterminant);
    }

    /// <summary>N(0, I_n).</summary>
    public static DenseGaussian Standard(int dimension) =>
        new(Vector<double>.Build.Dense(dimension), Matrix<double>.Build.DenseIdentity(dimension));
}
