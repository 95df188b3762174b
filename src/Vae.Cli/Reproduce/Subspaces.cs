using MathNet.Numerics.LinearAlgebra;
using Vae.Core.Tensors;

namespace Vae.Cli.Reproduce;

/// <summary>How far apart two linear subspaces of ℝᵈ are.</summary>
internal static class Subspaces
{
    /// <summary>
    /// The largest principal angle, in degrees, between the span of the rows of <paramref name="a"/> [k, d]
    /// and the span of the orthonormal rows of <paramref name="orthonormal"/> [k, d]: 0 when the spans are
    /// equal, 90 when some direction of one is orthogonal to the other.
    /// </summary>
    /// <remarks>
    /// A. Björck and G. H. Golub, "Numerical methods for computing angles between linear subspaces",
    /// Math. Comp. 27, 1973: with Q an orthonormal basis of span(a) (thin QR of aᵀ), the cosines of the
    /// principal angles are the singular values of V Q, V = <paramref name="orthonormal"/>; the largest
    /// angle is arccos of the smallest singular value.
    /// </remarks>
    /// <exception cref="ArgumentException">The shapes differ or are not [k ≤ d, d].</exception>
    public static double LargestAngleDegrees(Tensor<float> a, Tensor<double> orthonormal)
    {
        if (a.Shape.Rank != 2 || orthonormal.Shape.Rank != 2 || a.Shape[0] != orthonormal.Shape[0] || a.Shape[1] != orthonormal.Shape[1] || a.Shape[0] > a.Shape[1])
            throw new ArgumentException($"Expected two [k <= d, d] matrices; got {a.Shape} and {orthonormal.Shape}.", nameof(a));
        int k = a.Shape[0], d = a.Shape[1];
        var transposed = Matrix<double>.Build.Dense(d, k, (i, j) => a[j, i]);
        var q = transposed.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).Q;
        var v = Matrix<double>.Build.Dense(k, d, (i, j) => orthonormal[i, j]);
        double smallest = (v * q).Svd(computeVectors: false).S.Minimum();
        return Math.Acos(Math.Clamp(smallest, 0, 1)) * 180 / Math.PI;
    }
}
