using Vae.Core.Training;
using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Tests.Autodiff;

namespace Vae.Core.Tests.Autoencoders;

public class SparsityTests
{
    [Fact]
    public void L1ValueAndGradientByHand()
    {
        var code = Tensor<double>.FromArray([0.5, -1, 2, 0], 2, 2);
        var result = Grad.ValueAndGrad([code], p => Sparsity.L1(p[0]));
        // (|0.5| + |−1| + |2| + |0|)/2 = 3.5/2 = 1.75; gradient sign(h)/B = ±1/2, with sign(0) = 0.
        Assert.Equal(1.75, result.Value, 15);
        Assert.Equal([0.5, -0.5, 0.5, 0], result.Gradients[0].ToArray());
    }

    [Fact]
    public void KlValueAndGradientByHand()
    {
        // Codes of two examples and two units; ρ = 0.05. Mean activations ρ̂ = ((0.1 + 0.3)/2, (0.2 + 0.4)/2) = (0.2, 0.3).
        var code = Tensor<double>.FromArray([0.1, 0.2, 0.3, 0.4], 2, 2);
        var result = Grad.ValueAndGrad([code], p => Sparsity.KlDivergence(p[0], 0.05));
        // KL(0.05‖0.2) = 0.05 ln(0.05/0.2) + 0.95 ln(0.95/0.8) = 0.05·(−1.3862944) + 0.95·0.1718503 = −0.0693147 + 0.1632578 = 0.0939431
        // KL(0.05‖0.3) = 0.05 ln(0.05/0.3) + 0.95 ln(0.95/0.7) = 0.05·(−1.7917595) + 0.95·0.3053816 = −0.0895880 + 0.2901125 = 0.2005245
        double expected = 0.05 * Math.Log(0.05 / 0.2) + 0.95 * Math.Log(0.95 / 0.8)
            + 0.05 * Math.Log(0.05 / 0.3) + 0.95 * Math.Log(0.95 / 0.7);
        Assert.Equal(0.2944676, expected, 7);  // 0.0939431 + 0.2005245
        Assert.Equal(expected, result.Value, 14);
        // ∂/∂hₙⱼ = (1/B)(−ρ/ρ̂ⱼ + (1 − ρ)/(1 − ρ̂ⱼ)): unit 0: (−0.25 + 1.1875)/2 = 0.46875;
        // unit 1: (−1/6 + 0.95/0.7)/2 = (−0.1666667 + 1.3571429)/2 = 0.5952381. The same for both examples.
        double g0 = 0.46875, g1 = (-0.05 / 0.3 + 0.95 / 0.7) / 2;
        Assert.Equal(0.5952381, g1, 7);
        var g = result.Gradients[0];
        Assert.Equal(g0, g[0, 0], 14);
        Assert.Equal(g1, g[0, 1], 14);
        Assert.Equal(g0, g[1, 0], 14);
        Assert.Equal(g1, g[1, 1], 14);
    }

    [Fact]
    public void KlIsZeroAtTheTarget()
    {
        var code = Tensor<double>.FromArray([0.03, 0.05, 0.07, 0.05], 2, 2);
        var result = Grad.ValueAndGrad([code], p => Sparsity.KlDivergence(p[0], 0.05));
        // ρ̂ = (0.05, 0.05) = ρ: the divergence and its gradient vanish (up to rounding of the logs).
        Assert.Equal(0, result.Value, 15);
        Assert.All(result.Gradients[0].ToArray(), v => Assert.Equal(0, v, 14));
    }

    [Fact]
    public void KlGradientMatchesFiniteDifferences()
    {
        var code = Tensor<double>.Zeros(5, 4);
        Rng.Create(3).FillUniform(code.Span, 0.1, 0.9);
        GradientCheck.Assert(p => Sparsity.KlDivergence(p[0], 0.05), [code]);
        GradientCheck.Assert(p => Sparsity.L1(Ops.AddScalar(p[0], -0.5)), [code]);
    }

    [Fact]
    public void KlRejectsActivationsOutsideTheUnitInterval()
    {
        var tape = new Tape<double>();
        Assert.Throws<InvalidOperationException>(() => Sparsity.KlDivergence(tape.Constant(Tensor<double>.FromArray([0.5, 1.0, 0.5, 1.0], 2, 2)), 0.05));
        Assert.Throws<InvalidOperationException>(() => Sparsity.KlDivergence(tape.Constant(Tensor<double>.FromArray([-0.5, 0.2, 0.1, 0.2], 2, 2)), 0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparsityPenalty.KlDivergence(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparsityPenalty.KlDivergence(0.05, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SparsityPenalty.L1(double.NaN));
    }

    [Fact]
    public void ObjectiveIsReconstructionPlusWeightedPenalty()
    {
        var rng = Rng.Create(5);
        var encoder = new DenseNetwork<double>([6, 4], ActivationKind.Identity, ActivationKind.Sigmoid, rng);
        var decoder = new DenseNetwork<double>([4, 6], ActivationKind.Identity, ActivationKind.Identity, rng);
        var x = Tensor<double>.Zeros(3, 6);
        rng.FillNormal(x.Span);
        foreach (var penalty in new[] { SparsityPenalty.L1(0.3), SparsityPenalty.KlDivergence(0.1, 2) })
        {
            var model = new SparseAutoencoder<double>(encoder, decoder, ReconstructionLoss.SquaredError, penalty);
            var tape = new Tape<double>();
            double objective = model.Objective(tape.Constant(x), Rng.Create(0)).Value.ToScalar();
            var code = model.Encode(tape.Constant(x));
            double term = penalty.IsKlDivergence ? Sparsity.KlDivergence(code, 0.1).Value.ToScalar() : Sparsity.L1(code).Value.ToScalar();
            Assert.Equal(model.ReconstructionTerm(tape.Constant(x)).Value.ToScalar() + penalty.Weight * term, objective, 13);
        }
    }

    [Fact]
    public void TrainedWithKlTheMeanActivationsApproachTheTarget()
    {
        // Ng's setting on the digits: a sigmoid code of 32 units, ρ = 0.05, β = 3, 30 epochs. Measured:
        // every unit's mean activation over the training set lies in [0.051, 0.064]. The tolerance,
        // every unit within 0.02 of ρ, is small next to where the same network ends without the
        // penalty (β = 0): unit means in [0.36, 0.57] (asserted: all above 0.2).
        var digits = Digits.Load<float>();
        double[] MeanActivations(double beta)
        {
            var rng = Rng.Create(11);
            var encoder = new DenseNetwork<float>([64, 32], ActivationKind.Identity, ActivationKind.Sigmoid, rng);
            var decoder = new DenseNetwork<float>([32, 64], ActivationKind.Identity, ActivationKind.Identity, rng);
            var model = new SparseAutoencoder<float>(encoder, decoder, ReconstructionLoss.SquaredError, SparsityPenalty.KlDivergence(0.05, beta));
            AutoencoderTraining.Train(model, digits, new TrainingOptions { Epochs = 30, BatchSize = 64, LearningRate = 1e-2, Seed = 5 });
            var code = model.Encode(digits.Features);
            var means = new double[32];
            for (int i = 0; i < code.Size; i++) means[i % 32] += code[i] / (double)digits.Count;
            return means;
        }
        var sparse = MeanActivations(3);
        Assert.All(sparse, m => Assert.InRange(m, 0.03, 0.07));
        Assert.True(MeanActivations(0).Min() > 0.2);
    }
}
