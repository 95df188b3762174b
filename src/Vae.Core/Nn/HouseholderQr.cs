namespace Vae.Core.Nn;

/// <summary>The thin QR factorisation of a tall matrix by Householder reflections, in double precision.</summary>
/// <remarks>
/// For A (m×n, m ≥ n, row-major), column k is reduced by the reflection H_k = I − 2vvᵀ/(vᵀv) with
/// v = x − αe₁, x the column from row k down and α = −sign(x₀)‖x‖ (the sign that avoids cancellation
/// in x₀ − α), which leaves α on the diagonal of R and zeros below it. Q = H₀H₁⋯H_{n−1} applied to the
/// first n columns of the identity, from the last reflection to the first (G. H. Golub and C. F. Van
/// Loan, Matrix Computations, 4th ed., §5.2.1–5.2.2). The diagonal of R may be negative.
/// </remarks>
internal static class HouseholderQr
{
    /// <summary>
    /// Factors <paramref name="a"/> (m×n, m ≥ n, overwritten) into <paramref name="q"/> (m×n with
    /// orthonormal columns) and <paramref name="r"/> (n×n upper triangular) with A = QR.
    /// </summary>
    public static void Decompose(double[] a, int m, int n, double[] q, double[] r)
    {
        if (m < n) throw new ArgumentException($"Householder QR needs a tall matrix; got {m}x{n}.", nameof(m));
        var reflectors = new double[n][];
        var squaredNorms = new double[n];
        for (int k = 0; k < n; k++)
        {
            double norm = 0;
            for (int i = k; i < m; i++) norm += a[i * n + k] * a[i * n + k];
            norm = Math.Sqrt(norm);
            double alpha = a[k * n + k] >= 0 ? -norm : norm;
            var v = new double[m - k];
            for (int i = k; i < m; i++) v[i - k] = a[i * n + k];
            v[0] -= alpha;
            double vv = 0;
            foreach (double x in v) vv += x * x;
            reflectors[k] = v;
            squaredNorms[k] = vv;
            if (vv > 0) Reflect(v, vv, a, k, m, n, k);
        }
        Array.Clear(r);
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++) r[i * n + j] = a[i * n + j];
        Array.Clear(q);
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        for (int k = n - 1; k >= 0; k--)
            if (squaredNorms[k] > 0) Reflect(reflectors[k], squaredNorms[k], q, k, m, n, 0);
    }

    /// <summary>Applies I − 2vvᵀ/(vᵀv) to rows k.. of columns <paramref name="fromColumn"/>.. of the m×n matrix <paramref name="x"/>.</summary>
    private static void Reflect(double[] v, double vv, double[] x, int k, int m, int n, int fromColumn)
    {
        for (int j = fromColumn; j < n; j++)
        {
            double dot = 0;
            for (int i = k; i < m; i++) dot += v[i - k] * x[i * n + j];
            double s = 2 * dot / vv;
            for (int i = k; i < m; i++) x[i * n + j] -= s * v[i - k];
        }
    }
}
