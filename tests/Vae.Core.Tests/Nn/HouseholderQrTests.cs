using Vae.Core.Nn;
using Vae.Core.Randomness;

namespace Vae.Core.Tests.Nn;

public class HouseholderQrTests
{
    [Theory]
    [InlineData(6, 6)]
    [InlineData(9, 4)]
    [InlineData(30, 30)]
    public void QTimesRReconstructsAWithOrthonormalQAndTriangularR(int m, int n)
    {
        var a = new double[m * n];
        Rng.Create(10).FillNormal<double>(a);
        var original = (double[])a.Clone();
        double[] q = new double[m * n], r = new double[n * n];
        HouseholderQr.Decompose(a, m, n, q, r);
        // Backward stability: ‖A − QR‖ ≤ c·n·ε·‖A‖ with entries of A of order 1, so 1e-12 is loose.
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double qr = 0;
                for (int p = 0; p < n; p++) qr += q[i * n + p] * r[p * n + j];
                Assert.True(Math.Abs(qr - original[i * n + j]) < 1e-12, $"(QR − A)[{i}, {j}] = {qr - original[i * n + j]}");
            }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) Assert.Equal(0.0, r[i * n + j]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int p = 0; p < m; p++) dot += q[p * n + i] * q[p * n + j];
                Assert.True(Math.Abs(dot - (i == j ? 1 : 0)) < 1e-12);
            }
    }

    [Fact]
    public void AKnownFactorisation()
    {
        // A = [[3, 1], [4, 2]]: the first column has norm 5, so R₀₀ = −5 (α = −sign(3)·5) and
        // Q's first column is −(3, 4)/5; then R₀₁ = q₀·(1, 2) = −(3 + 8)/5 = −2.2 and the remainder
        // (1, 2) − 2.2·(0.6, 0.8) = (−0.32, 0.24) has norm 0.4, so |R₁₁| = 0.4 and det A = 2 = R₀₀R₁₁·det Q.
        double[] a = [3, 1, 4, 2], q = new double[4], r = new double[4];
        HouseholderQr.Decompose(a, 2, 2, q, r);
        Assert.Equal(-5, r[0], 1e-15);
        Assert.Equal(-2.2, r[1], 1e-15);
        Assert.Equal(0.4, Math.Abs(r[3]), 1e-15);
        Assert.Equal(-0.6, q[0], 1e-15);
        Assert.Equal(-0.8, q[2], 1e-15);
    }
}
