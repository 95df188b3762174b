using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Tensors;
using Vae.Core.Tests.Autodiff;

namespace Vae.Core.Tests.Autoencoders;

public class ReconstructionLossesTests
{
    private static double Evaluate(Func<Var<double>, Var<double>, Var<double>> loss, Tensor<double> output, Tensor<double> target)
    {
        var tape = new Tape<double>();
        return loss(tape.Constant(output), tape.Constant(target)).Value.ToScalar();
    }

    [Fact]
    public void SquaredErrorSumsOverFeaturesAndAveragesOverRows()
    {
        var output = Tensor<double>.FromArray([1, 2, 3, 5], 2, 2);
        var target = Tensor<double>.FromArray([0, 2, 1, 1], 2, 2);
        // Row 0: (1 − 0)² + (2 − 2)² = 1; row 1: (3 − 1)² + (5 − 1)² = 4 + 16 = 20; mean (1 + 20)/2 = 10.5.
        Assert.Equal(10.5, Evaluate(ReconstructionLosses.SquaredError, output, target), 15);
    }

    [Fact]
    public void BernoulliCrossEntropyMatchesTheNaiveFormulaAtModerateLogits()
    {
        var logits = Tensor<double>.FromArray([0, 2, -1.5, 0.25, 3, -4], 2, 3);
        var target = Tensor<double>.FromArray([1, 0, 1, 0.3, 1, 0], 2, 3);
        double expected = 0;
        for (int i = 0; i < 6; i++)
        {
            // −[x log σ(ℓ) + (1 − x) log(1 − σ(ℓ))], with σ computed directly (accurate here: |ℓ| ≤ 4).
            double p = 1 / (1 + Math.Exp(-logits[i]));
            expected += -(target[i] * Math.Log(p) + (1 - target[i]) * Math.Log(1 - p));
        }
        expected /= 2;
        Assert.Equal(expected, Evaluate(ReconstructionLosses.BernoulliCrossEntropy, logits, target), 13);
        // By hand for row 0 of a single-row case: ℓ = (0, 2), x = (1, 0): ln 2 + ln(1 + e²) = 0.693147… + 2.126928… .
        var one = Tensor<double>.FromArray([0, 2], 1, 2);
        Assert.Equal(Math.Log(2) + Math.Log(1 + Math.Exp(2)), Evaluate(ReconstructionLosses.BernoulliCrossEntropy, one, Tensor<double>.FromArray([1, 0], 1, 2)), 14);
    }

    [Fact]
    public void BernoulliCrossEntropyStaysExactAtHugeLogits()
    {
        // σ(±800) rounds to 1 or 0 (e^800 overflows), so a log of it would give ∞; softplus(ℓ) − xℓ does not.
        // Exact values: ℓ = 800, x = 1: softplus(800) − 800 = ln(1 + e^−800) ≈ 0; x = 0: 800.
        // ℓ = −800, x = 1: softplus(−800) + 800 ≈ 800; x = 0: ≈ e^−800, which underflows to 0.
        var logits = Tensor<double>.FromArray([800, 800, -800, -800], 1, 4);
        var target = Tensor<double>.FromArray([1, 0, 1, 0], 1, 4);
        Assert.Equal(1600, Evaluate(ReconstructionLosses.BernoulliCrossEntropy, logits, target));
        var gradient = Grad.ValueAndGrad([logits], p => ReconstructionLosses.BernoulliCrossEntropy(p[0], p[0].Tape.Constant(target))).Gradients[0];
        // ∂/∂ℓ = σ(ℓ) − x: 0, 1, −1, 0.
        Assert.Equal([0.0, 1, -1, 0], gradient.ToArray());
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var random = new System.Random(3);
        var output = Tensor<double>.Zeros(4, 3);
        var target = Tensor<double>.Zeros(4, 3);
        for (int i = 0; i < output.Size; i++)
        {
            output[i] = random.NextDouble() * 4 - 2;
            target[i] = random.NextDouble();
        }
        GradientCheck.Assert(p => ReconstructionLosses.SquaredError(p[0], p[1]), [output, target]);
        GradientCheck.Assert(p => ReconstructionLosses.BernoulliCrossEntropy(p[0], p[1]), [output, target]);
    }

    [Fact]
    public void EvaluateDispatchesOnTheKind()
    {
        var output = Tensor<double>.FromArray([0.5, -1, 2, 0], 2, 2);
        var target = Tensor<double>.FromArray([1, 0, 0, 1], 2, 2);
        Assert.Equal(Evaluate(ReconstructionLosses.SquaredError, output, target),
            Evaluate((a, b) => ReconstructionLosses.Evaluate(ReconstructionLoss.SquaredError, a, b), output, target));
        Assert.Equal(Evaluate(ReconstructionLosses.BernoulliCrossEntropy, output, target),
            Evaluate((a, b) => ReconstructionLosses.Evaluate(ReconstructionLoss.BernoulliCrossEntropy, a, b), output, target));
        Assert.Throws<ArgumentOutOfRangeException>(() => Evaluate((a, b) => ReconstructionLosses.Evaluate((ReconstructionLoss)7, a, b), output, target));
    }

    [Fact]
    public void MeanIsTheOutputOrItsSigmoid()
    {
        var output = Tensor<double>.FromArray([0, 2, -3, 40], 2, 2);
        var mean = new Tensor<double>(output.Shape);
        ReconstructionLosses.Mean(ReconstructionLoss.SquaredError, output, mean);
        Assert.Equal(output.ToArray(), mean.ToArray());
        ReconstructionLosses.Mean(ReconstructionLoss.BernoulliCrossEntropy, output, mean);
        for (int i = 0; i < 4; i++) Assert.Equal(1 / (1 + Math.Exp(-output[i])), mean[i], 15);
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        var tape = new Tape<double>();
        var a = tape.Constant(Tensor<double>.Zeros(2, 3));
        Assert.Throws<ArgumentException>(() => ReconstructionLosses.SquaredError(a, tape.Constant(Tensor<double>.Zeros(3, 2))));
        Assert.Throws<ArgumentException>(() => ReconstructionLosses.BernoulliCrossEntropy(tape.Constant(Tensor<double>.Zeros(6)), tape.Constant(Tensor<double>.Zeros(6))));
    }
}
