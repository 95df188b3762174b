using System.Numerics;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Nn;

public static partial class Init
{
    /// <summary>A random orthogonal weight with gain 1; see <see cref="Orthogonal{T}(Tensor{T}, Rng, double)"/>.</summary>
    public static void Orthogonal<T>(Tensor<T> weight, Rng rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        Orthogonal(weight, rng, 1.0);

    /// <summary>
    /// A random (semi-)orthogonal weight times <paramref name="gain"/>: for W of shape [m, n],
    /// WᵀW = gain²·I when m ≥ n (orthonormal columns) and WWᵀ = gain²·I when m &lt; n (orthonormal rows).
    /// </summary>
    /// <remarks>
    /// A. M. Saxe, J. L. McClelland and S. Ganguli, "Exact solutions to the nonlinear dynamics of
    /// learning in deep linear neural networks", ICLR 2014. A Gaussian matrix (the transpose when
    /// m &lt; n, so it is tall) is factored as QR by Householder reflections in double precision
    /// (<see cref="HouseholderQr"/>), and each column of Q is multiplied by the sign of R's diagonal entry:
    /// that makes the factorisation unique and Q exactly Haar-distributed (F. Mezzadri, "How to generate
    /// random matrices from the classical compact groups", Notices AMS 54(5), 2007). Householder QR keeps
    /// Q orthogonal to a few ulps regardless of the conditioning of the Gaussian draw.
    /// </remarks>
    /// <exception cref="ArgumentException">The weight is not rank 2 or is empty.</exception>
    public static void Orthogonal<T>(Tensor<T> weight, Rng rng, double gain) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (rows, columns) = Fans(weight, rng);
        bool transpose = rows < columns;
        int m = transpose ? columns : rows, n = transpose ? rows : columns;
        var a = new double[m * n];
        rng.FillNormal<double>(a);
        var q = new double[m * n];
        var r = new double[n * n];
        HouseholderQr.Decompose(a, m, n, q, r);
        var w = weight.Span;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double value = gain * (r[j * n + j] < 0 ? -q[i * n + j] : q[i * n + j]);
                w[transpose ? j * m + i : i * n + j] = T.CreateChecked(value);
            }
    }
}
