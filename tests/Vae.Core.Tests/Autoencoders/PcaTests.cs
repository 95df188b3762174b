using MathNet.Numerics.LinearAlgebra;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autoencoders;

public class PcaTests
{
    private static Tensor<double> StandardisedBreastCancer()
    {
        var raw = BreastCancer.Load<double>();
        return Standardizer.Fit(raw).Apply(raw).Features;
    }

    [Fact]
    public void ComponentsAreTheTopEigenvectorsOfTheCovariance()
    {
        // An independent route: the eigen-decomposition of the sample covariance XcᵀXc/(n − 1),
        // against PCA's QR-then-SVD of Xc. Squaring the data matrix costs accuracy only at the
        // level of ε·κ(Xc)² ≈ 10⁻¹⁶·10⁴ here, so 1e-9 is loose for both.
        var x = StandardisedBreastCancer();
        int n = x.Shape[0], d = x.Shape[1], k = 5;
        var pca = Pca<double>.Fit(x, k);
        var mean = Vector<double>.Build.Dense(d, j => Enumerable.Range(0, n).Average(i => x[i, j]));
        var centred = Matrix<double>.Build.Dense(n, d, (i, j) => x[i, j] - mean[j]);
        var evd = (centred.TransposeThisAndMultiply(centred) / (n - 1)).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(j => evd.EigenValues[j].Real).ToArray();
        var components = pca.GetComponents();
        for (int c = 0; c < k; c++)
        {
            Assert.Equal(evd.EigenValues[order[c]].Real, pca.ExplainedVariance[c], 9);
            double dot = 0;
            for (int j = 0; j < d; j++) dot += components[c, j] * evd.EigenVectors[j, order[c]];
            Assert.Equal(1, Math.Abs(dot), 9);
            // Sign convention: the entry of largest magnitude is positive.
            var row = Enumerable.Range(0, d).Select(j => components[c, j]).ToArray();
            Assert.True(row.MaxBy(Math.Abs) > 0);
            for (int c2 = 0; c2 < k; c2++)
            {
                double inner = 0;
                for (int j = 0; j < d; j++) inner += components[c, j] * components[c2, j];
                Assert.Equal(c == c2 ? 1 : 0, inner, 12);
            }
        }
        for (int j = 0; j < d; j++) Assert.Equal(mean[j], pca.Mean[j], 12);
    }

    [Fact]
    public void TrainingErrorIsTheSumOfTheDiscardedSquaredSingularValues()
    {
        // Eckart–Young: (1/n) Σ ‖x̂ − x‖² = Σ_{j>k} sⱼ²/n. ReconstructionError computes the left side
        // by encoding and decoding; TrainingError the right side from the singular values.
        var x = StandardisedBreastCancer();
        foreach (int k in new[] { 1, 4, 12 })
        {
            var pca = Pca<double>.Fit(x, k);
            Assert.Equal(pca.TrainingError, pca.ReconstructionError(x), 10);
            double expected = pca.SingularValues.Where((_, i) => i >= k).Sum(s => s * s) / x.Shape[0];
            Assert.Equal(expected, pca.TrainingError, 12);
        }
    }

    [Fact]
    public void WideDataTakeTheDirectSvdAndReconstructExactlyWithNMinusOneComponents()
    {
        // 5 points in 8 dimensions lie in a 4-dimensional affine subspace: 4 components reconstruct
        // them exactly (up to rounding), and fewer leave the Eckart–Young error.
        var x = Tensor<double>.Zeros(5, 8);
        Rng.Create(4).FillNormal(x.Span);
        var exact = Pca<double>.Fit(x, 4);
        Assert.True(exact.ReconstructionError(x) < 1e-24);
        Assert.Equal(5, exact.SingularValues.Count);
        Assert.True(exact.SingularValues[4] < 1e-13);
        var two = Pca<double>.Fit(x, 2);
        Assert.Equal(two.TrainingError, two.ReconstructionError(x), 12);
    }

    [Fact]
    public void EncodeAndDecodeAreTheAffineMapsOfTheComponents()
    {
        var x = StandardisedBreastCancer();
        var pca = Pca<double>.Fit(x, 3);
        var components = pca.GetComponents();
        // A point μ + zV of the principal subspace encodes to z and decodes back to itself.
        var z = Tensor<double>.FromArray([1.5, -2, 0.25, 0, 3, -1], 2, 3);
        var point = Tensor<double>.Zeros(2, 30);
        for (int r = 0; r < 2; r++)
            for (int j = 0; j < 30; j++)
            {
                point[r, j] = pca.Mean[j];
                for (int c = 0; c < 3; c++) point[r, j] += z[r, c] * components[c, j];
            }
        var code = pca.Encode(point);
        for (int i = 0; i < z.Size; i++) Assert.Equal(z[i], code[i], 12);
        var back = pca.Decode(code);
        for (int i = 0; i < point.Size; i++) Assert.Equal(point[i], back[i], 12);
        Assert.Equal(3, pca.CodeSize);
        Assert.Equal(30, pca.InputSize);
    }

    [Fact]
    public void InvalidFitsAreRejected()
    {
        var x = Tensor<double>.Zeros(4, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca<double>.Fit(x, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca<double>.Fit(x, 4));
        Assert.Throws<ArgumentException>(() => Pca<double>.Fit(Tensor<double>.Zeros(1, 3), 1));
        x[2] = double.NaN;
        Assert.Throws<ArgumentException>(() => Pca<double>.Fit(x, 1));
    }
}
