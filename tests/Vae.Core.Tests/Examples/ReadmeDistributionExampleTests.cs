using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using Vae.Probabilistic.Divergences;

namespace Vae.Core.Tests.Examples;

/// <summary>The C# distribution example shown in README.md, kept compiling and checked against hand-computed values.</summary>
public class ReadmeDistributionExampleTests
{
    [Fact]
    public void TheReadmeDistributionExampleGivesTheClosedFormValues()
    {
        // --- README: C# distributions ---
        var tape = new Tape<double>();
        var q = new Independent<double>(Normal<double>.FromLogVariance(
            tape.Constant(Tensor<double>.FromArray([0.5, -1.0], 1, 2)),       // μ, batch of 1, 2 latent dims
            tape.Constant(Tensor<double>.FromArray([0.0, -2.0], 1, 2))), 1);   // log σ²
        var p = new Independent<double>(new Normal<double>(
            tape.Constant(Tensor<double>.Zeros(2)), tape.Constant(Tensor<double>.FromArray([1.0, 1.0], 2))), 1);
        var kl = Kl<double>.Divergence(q, p);                                  // analytic, shape [1]

        var x = Tensor<double>.FromArray([1.0, double.NaN, 0.0], 1, 3);         // the middle entry is missing
        var mask = Tensor<double>.FromArray([1.0, 0.0, 1.0], 1, 3);
        var likelihood = new Masked<double>(new Bernoulli<double>(tape.Constant(Tensor<double>.FromArray([2.0, 0.3, -1.0], 1, 3))), mask);
        var logp = likelihood.LogProb(x);                                      // log p(x_obs): the missing bit is summed out
        // --- end ---
        // KL = ½ Σ (μ² + σ² − 1 − log σ²) = ½ (0.25 + 1 − 1 − 0) + ½ (1 + e⁻² − 1 + 2)
        Assert.Equal(0.5 * 0.25 + 0.5 * (1 + Math.Exp(-2) + 2 - 1), kl.Value[0], 14);
        // log σ(2) + log σ(1) = −log(1 + e⁻²) − log(1 + e⁻¹)
        Assert.Equal(-Math.Log(1 + Math.Exp(-2)) - Math.Log(1 + Math.Exp(-1)), logp.Value[0], 14);
    }
}
