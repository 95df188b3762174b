using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Core.Tests.Examples;

/// <summary>The C# training step shown in README.md, kept compiling and working here.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TheReadmeTrainingStepLowersTheLoss()
    {
        // --- README: C# training step ---
        var x = Digits.Load<float>().Features;                     // 1797 x 64, in [0, 1]
        var rng = Rng.Create(seed: 1);
        var vae = new Vae<float>(new VaeOptions<float> { InputSize = 64, LatentSize = 8, HiddenSizes = [128] }, rng);
        var parameters = new ParameterSet<float>(vae).Tensors;
        var adam = new Adam<float>(parameters, learningRate: 1e-3);
        var tape = new Tape<float>();                               // reused: steady-state steps allocate nothing
        var step = tape.ValueAndGrad(parameters, t => Elbo.Evaluate(vae, t.Constant(x), rng).Loss);
        adam.Step(step.Gradients);                                  // step.Value is the negative ELBO (nats)
        // --- end ---
        float first = step.Value;
        for (int i = 0; i < 20; i++) adam.Step(tape.ValueAndGrad(parameters, t => Elbo.Evaluate(vae, t.Constant(x), rng).Loss).Gradients);
        float later = tape.ValueAndGrad(parameters, t => Elbo.Evaluate(vae, t.Constant(x), rng).Loss).Value;
        // 21 full-batch Adam steps from random weights: the loss (45.2 nats at the start) falls to about 37.7;
        // the single-sample noise of the ELBO on 1797 rows is far below 1 nat.
        Assert.True(later < first - 3, $"loss {first} -> {later}");
    }
}
