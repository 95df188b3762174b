using Vae.Core.Training;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autoencoders;

public class LinearAutoencoderTests
{
    /// <summary>
    /// The principal angles between the row spaces of <paramref name="a"/> [k, d] and
    /// <paramref name="b"/> [k, d]: θᵢ = arccos sᵢ for the singular values s of Q₁ᵀQ₂, where Q₁ and
    /// Q₂ are orthonormal bases from thin QR factorisations of aᵀ and bᵀ (Björck and Golub, 1973).
    /// </summary>
    private static double[] PrincipalAngles(Tensor<double> a, Tensor<double> b)
    {
        int k = a.Shape[0], d = a.Shape[1];
        var q1 = Matrix<double>.Build.Dense(d, k, (i, j) => a[j, i]).QR(QRMethod.Thin).Q;
        var q2 = Matrix<double>.Build.Dense(d, k, (i, j) => b[j, i]).QR(QRMethod.Thin).Q;
        return q1.TransposeThisAndMultiply(q2).Svd(computeVectors: false).S.Select(s => Math.Acos(Math.Min(1, s))).ToArray();
    }

    [Fact]
    public void PrincipalAnglesOfKnownSubspaces()
    {
        // span{e₀, e₁} against span{e₀, cos θ e₁ + sin θ e₂}: angles 0 and θ.
        const double theta = 0.3;
        var a = Tensor<double>.FromArray([1, 0, 0, 0, 1, 0], 2, 3);
        var b = Tensor<double>.FromArray([2, 0, 0, 0, Math.Cos(theta), Math.Sin(theta)], 2, 3);
        var angles = PrincipalAngles(a, b).Order().ToArray();
        Assert.Equal(0, angles[0], 7);
        Assert.Equal(theta, angles[1], 12);
    }

    [Fact]
    public void TrainedOnStandardisedDataTheDecoderSpansThePrincipalSubspace()
    {
        // Breast cancer, standardised (569 × 30), code size k = 2. The covariance eigenvalues are
        // 13.3, 5.7, 2.8, …: a gap of 2 between the 2nd and 3rd, so the principal plane is well
        // defined. Full-batch Adam, 1000 epochs at η = 0.01 then 1000 at η = 0.001, in float.
        var raw = BreastCancer.Load<float>();
        var data = Standardizer.Fit(raw).Apply(raw);
        var model = new LinearAutoencoder<float>(30, 2, Rng.Create(1));
        var trainer = AutoencoderTraining.CreateTrainer(model, data, new TrainingOptions { Epochs = 1000, BatchSize = 569, LearningRate = 0.01, Seed = 1 });
        trainer.Fit();
        trainer.Optimizer.LearningRate = 0.001;
        trainer.Fit();

        // The reference subspace from the eigenvectors of the covariance, not from the Pca class.
        var x = data.Features.Cast<double>();
        int n = 569, d = 30;
        var mean = Vector<double>.Build.Dense(d, j => Enumerable.Range(0, n).Average(i => x[i, j]));
        var centred = Matrix<double>.Build.Dense(n, d, (i, j) => x[i, j] - mean[j]);
        var evd = centred.TransposeThisAndMultiply(centred).Evd(Symmetricity.Symmetric);
        var top = Enumerable.Range(0, d).OrderByDescending(j => evd.EigenValues[j].Real).Take(2).ToArray();
        var reference = Tensor<double>.Zeros(2, d);
        for (int c = 0; c < 2; c++)
            for (int j = 0; j < d; j++) reference[c, j] = evd.EigenVectors[j, top[c]];

        // Measured: largest angle 2.3e-5 rad. The tolerance, 1e-3 rad (0.06°), is far above float
        // training noise yet far below any wrong subspace (swapping in the third component gives π/2).
        double largest = PrincipalAngles(model.DecoderLayer.Weight.Cast<double>(), reference).Max();
        Assert.True(largest < 1e-3, $"largest principal angle {largest} rad");

        // The error reaches PCA's: measured relative excess 3e-6; tolerance 1e-4 (the excess grows as
        // the squared angle times the eigenvalue gap, ≈ 1e-6·3/11 at the angle tolerance, plus float
        // rounding of the reconstruction, about 1e-6 relative).
        double autoencoder = model.ReconstructionError(data.Features), pca = Pca<double>.Fit(x, 2).ReconstructionError(x);
        Assert.True(autoencoder >= pca * (1 - 1e-6), $"a rank-2 reconstruction beat PCA: {autoencoder} < {pca}");
        Assert.True(autoencoder <= pca * (1 + 1e-4), $"autoencoder error {autoencoder}, PCA {pca}");
    }
}
