using FsCheck;
using FsCheck.Fluent;
using MathNet.Numerics.LinearAlgebra;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>Cholesky and SolveLowerTriangular against MathNet (LAPACK-style references) and finite differences.</summary>
public class LinearAlgebraOpsTests
{
    /// <summary>A random symmetric positive-definite n×n matrix B Bᵀ + n I (eigenvalues in [n, n + ‖B‖²]).</summary>
    private static Gen<double[,]> SpdMatrix(int n) =>
        TensorGen.Uniform(-1, 1).ArrayOf(n * n).Select(b =>
        {
            var a = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = i == j ? n : 0;
                    for (int k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
                    a[i, j] = s;
                }
            return a;
        });

    [Fact]
    public void CholeskyMatchesMathNetAndReconstructsTheMatrix()
    {
        var property =
            from n in Gen.Choose(1, 6)
            from a in SpdMatrix(n)
            select (n, a);
        PropertyRunner.Check(Prop.ForAll(property.ToArbitrary(), c =>
        {
            var (n, a) = c;
            var tape = new Tape<double>();
            var l = Ops.Cholesky(tape.Constant(Tensor<double>.FromRows(a))).Value;
            var expected = Matrix<double>.Build.DenseOfArray(a).Cholesky().Factor;
            // Entries are O(√n) and the factorisation is backward stable: agreement to ~1e-15·n³ relative.
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    Assert.Equal(expected[i, j], l[i, j], 1e-12 * (1 + Math.Abs(expected[i, j])));
                    double product = 0;
                    for (int k = 0; k < n; k++) product += l[i, k] * l[j, k];
                    Assert.Equal(a[i, j], product, 1e-12 * (1 + Math.Abs(a[i, j])));
                }
        }), seed: 301, cases: 50);
    }

    [Fact]
    public void CholeskyGradientMatchesFiniteDifferencesThroughASymmetricConstruction()
    {
        // A = B Bᵀ + 4 I is symmetric in B, so the symmetrised VJP gives the exact gradient w.r.t. B.
        var b = Random(new System.Random(5), [4, 4]);
        GradientCheck.Assert(p =>
        {
            var a = Ops.MatMul(p[0], p[0], transposeB: true) + p[0].Tape.Constant(Identity(4, 4.0));
            return Ops.Cholesky(a);
        }, [b]);
    }

    [Fact]
    public void CholeskyGradientSummedOverMirroredEntriesIsTheDerivativeOfTheLowerTriangle()
    {
        // The forward reads only the lower triangle, so ∂/∂Aᵢⱼ (i > j, upper kept) = Āᵢⱼ + Āⱼᵢ and ∂/∂Aᵢᵢ = Āᵢᵢ.
        var a = Tensor<double>.FromRows(new double[,] { { 4, 1, 0.5 }, { 1, 3, -0.2 }, { 0.5, -0.2, 2 } });
        var weights = Random(new System.Random(9), [3, 3]);
        Var<double> Loss(IReadOnlyList<Var<double>> p) => Ops.Sum(Ops.Cholesky(p[0]) * p[0].Tape.Constant(weights));
        var analytic = Grad.ValueAndGrad([a], Loss).Gradients[0].Clone();
        const double h = 1e-6;
        for (int i = 0; i < 3; i++)
            for (int j = 0; j <= i; j++)
            {
                double saved = a[i, j];
                a[i, j] = saved + h;
                double up = Grad.Value([a], Loss);
                a[i, j] = saved - h;
                double down = Grad.Value([a], Loss);
                a[i, j] = saved;
                double numeric = (up - down) / (2 * h);
                double symmetric = i == j ? analytic[i, i] : analytic[i, j] + analytic[j, i];
                // Central differences, tolerance as in GradientCheck.
                Assert.True(Math.Abs(symmetric - numeric) <= GradientCheck.Tolerance * (1 + Math.Abs(numeric)),
                    $"({i},{j}): analytic {symmetric:R}, finite difference {numeric:R}");
                Assert.Equal(analytic[i, j], analytic[j, i], 1e-14);
            }
    }

    [Fact]
    public void CholeskyOfAnIndefiniteMatrixNamesThePivot()
    {
        // [[1, 2], [2, 1]]: pivot 1 is 1 − 2² = −3.
        var tape = new Tape<double>();
        var e = Assert.Throws<ArgumentException>(() =>
            Ops.Cholesky(tape.Constant(Tensor<double>.FromRows(new double[,] { { 1, 2 }, { 2, 1 } }))));
        Assert.Contains("not positive definite", e.Message);
        Assert.Contains("pivot 1 is -3", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.Cholesky(tape.Constant(Tensor<double>.Zeros(2, 3))));
    }

    [Fact]
    public void SolveLowerTriangularMatchesMathNetAndIgnoresTheUpperTriangle()
    {
        var property =
            from n in Gen.Choose(1, 6)
            from m in Gen.Choose(1, 4)
            from l in TensorGen.Uniform(-1, 1).ArrayOf(n * n)
            from b in TensorGen.Uniform(-2, 2).ArrayOf(n * m)
            select (n, m, l, b);
        PropertyRunner.Check(Prop.ForAll(property.ToArbitrary(), c =>
        {
            var (n, m, values, b) = c;
            // Diagonal in [1, 2] keeps L well conditioned; the upper triangle holds garbage that must not be read.
            var l = (double[])values.Clone();
            for (int i = 0; i < n; i++) l[i * n + i] = 1.5 + 0.5 * values[i * n + i];
            var tape = new Tape<double>();
            var x = Ops.SolveLowerTriangular(tape.Constant(Tensor<double>.FromArray(l, n, n)),
                tape.Constant(Tensor<double>.FromArray(b, n, m))).Value;
            var lower = Matrix<double>.Build.Dense(n, n, (i, j) => j <= i ? l[i * n + j] : 0);
            var expected = lower.Solve(Matrix<double>.Build.Dense(n, m, (i, j) => b[i * m + j]));
            // Condition number of L ≤ ~3ⁿ here; 1e-10 relative is far above the rounding error.
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                    Assert.Equal(expected[i, j], x[i, j], 1e-10 * (1 + Math.Abs(expected[i, j])));
        }), seed: 302, cases: 50);
    }

    [Fact]
    public void SolveLowerTriangularGradientsMatchFiniteDifferences()
    {
        var random = new System.Random(11);
        var l = Random(random, [4, 4]);
        for (int i = 0; i < 4; i++) l[i, i] = 2 + l[i, i];
        var b = Random(random, [4, 3]);
        // The upper triangle of L is not read: its finite-difference gradient is 0, as is the analytic one.
        GradientCheck.Assert(p => Ops.SolveLowerTriangular(p[0], p[1]), [l, b]);
    }

    [Fact]
    public void SolveLowerTriangularRefusesMismatchedShapes()
    {
        var tape = new Tape<double>();
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Ops.SolveLowerTriangular(tape.Constant(Tensor<double>.Zeros(3, 3)), tape.Constant(Tensor<double>.Zeros(2, 1))));
        Assert.Contains("[3, 3]", e.Message);
        Assert.Contains("[2, 1]", e.Message);
        Assert.Throws<ShapeMismatchException>(() =>
            Ops.SolveLowerTriangular(tape.Constant(Tensor<double>.Zeros(3, 2)), tape.Constant(Tensor<double>.Zeros(3, 1))));
    }

    private static Tensor<double> Identity(int n, double scale)
    {
        var t = Tensor<double>.Zeros(n, n);
        for (int i = 0; i < n; i++) t[i, i] = scale;
        return t;
    }

    private static Tensor<double> Random(System.Random random, int[] dims)
    {
        var t = Tensor<double>.Zeros(dims);
        for (int i = 0; i < t.Size; i++) t[i] = random.NextDouble() * 2 - 1;
        return t;
    }
}
