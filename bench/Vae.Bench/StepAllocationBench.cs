using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Bench;

/// <summary>
/// Allocations and garbage collections per training step of the reference VAE (784-400-20, ReLU,
/// Bernoulli likelihood, batch 128, Adam) after warm-up: `Vae.Bench alloc`.
/// </summary>
internal static class StepAllocationBench
{
    public static int Run()
    {
        var rng = Rng.Create(1);
        var vae = new Vae<float>(new VaeOptions<float> { InputSize = 784, LatentSize = 20, HiddenSizes = [400] }, rng);
        var parameters = new ParameterSet<float>(vae).Tensors;
        var adam = new Adam<float>(parameters);
        var x = new Tensor<float>(new Shape(128, 784));
        rng.FillUniform(x.Span);
        var tape = new Tape<float>();
        Func<Tape<float>, Var<float>> loss = t => Elbo.Evaluate(vae, t.Constant(x), rng).Loss;
        void Step() => adam.Step(tape.ValueAndGrad(parameters, loss).Gradients);
        for (int i = 0; i < 50; i++) Step();
        const int steps = 200;
        int collections = GC.CollectionCount(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < steps; i++) Step();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"VAE 784-400-20, batch 128, Adam: {(double)bytes / steps:F1} bytes allocated per step, " +
                          $"{GC.CollectionCount(0) - collections} gen-0 collections in {steps} steps (after 50 warm-up steps).");
        return 0;
    }
}
