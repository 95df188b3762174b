using System.Runtime.InteropServices;
using System.Text.Json;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Optim;

/// <summary>End-to-end training of a small MLP: learning, determinism, checkpoint/resume, allocations.</summary>
public class TrainingTests
{
    /// <summary>
    /// XOR with a 2-8-1 tanh MLP (identity output) and mean squared error, trained by Adam on one
    /// reused tape. Each step can jitter the inputs with N(0, σ²) noise from the run's own generator,
    /// so that a resumed run must also restore the generator.
    /// </summary>
    private sealed class XorRun
    {
        private static readonly float[] Inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        private readonly Tensor<float> x = Tensor<float>.Zeros(4, 2);
        private readonly Tensor<float> noise = Tensor<float>.Zeros(4, 2);
        private readonly Tensor<float> y = Tensor<float>.FromArray([0, 1, 1, 0], 4, 1);
        private readonly Tape<float> tape = new();
        private readonly Func<Tape<float>, Var<float>> loss;
        private readonly float jitter;

        public XorRun(ulong seed, float jitter = 0.01f)
        {
            this.jitter = jitter;
            Rng = Rng.Create(seed);
            Model = new Mlp<float>([2, 8, 1], Activations.Tanh, Rng.Split());
            Parameters = new ParameterSet<float>(Model);
            Optimiser = new Adam<float>(Parameters.Tensors, learningRate: 0.05);
            loss = t => Ops.Sum(Ops.Square(Model.Forward(t.Constant(x)) - y)) * 0.25f;
        }

        public Rng Rng { get; set; }
        public Mlp<float> Model { get; }
        public ParameterSet<float> Parameters { get; }
        public Adam<float> Optimiser { get; }

        /// <summary>One training step; returns the loss before the update.</summary>
        public float Step()
        {
            Rng.FillNormal(noise.Span, 0f, jitter);
            Inputs.AsSpan().CopyTo(x.Span);
            System.Numerics.Tensors.TensorPrimitives.Add(x.Span, noise.Span, x.Span);
            var result = tape.ValueAndGrad(Parameters.Tensors, loss);
            Optimiser.Step(result.Gradients);
            return result.Value;
        }

        public byte[] ParameterBytes() =>
            Parameters.SelectMany(p => MemoryMarshal.AsBytes(p.Value.ReadOnlySpan).ToArray()).ToArray();
    }

    [Fact]
    public void SmallMlpLearnsXor()
    {
        // The best affine fit to XOR predicts 0.5 everywhere (MSE 0.25). Below 1e-6 every output is
        // within 0.002 of its target: the network has learned the function, not a compromise. (With
        // this seed the loss is about 1e-10 after 200 steps; five other seeds (1 to 5) were all below 5e-8 by then.)
        var run = new XorRun(2024, jitter: 0);
        float first = run.Step(), last = 0;
        for (int step = 1; step < 300; step++) last = run.Step();
        Assert.True(first > 0.1f, $"initial loss {first}");
        Assert.True(last < 1e-6f, $"loss after 300 Adam steps: {last}");
    }

    [Fact]
    public void TwoRunsWithTheSameSeedAreBitIdentical()
    {
        XorRun a = new(77), b = new(77);
        for (int step = 0; step < 100; step++)
            Assert.Equal(a.Step(), b.Step());
        Assert.Equal(a.ParameterBytes(), b.ParameterBytes());
        Assert.NotEqual(new XorRun(78).ParameterBytes(), new XorRun(77).ParameterBytes());
    }

    [Fact]
    public void ResumingFromACheckpointIsBitIdenticalToAnUninterruptedRun()
    {
        var uninterrupted = new XorRun(5);
        for (int step = 0; step < 80; step++) uninterrupted.Step();

        var first = new XorRun(5);
        for (int step = 0; step < 40; step++) first.Step();
        // The checkpoint: parameters by name, optimiser state through JSON (plain arrays), generator state.
        var parameters = first.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray());
        string optimiser = JsonSerializer.Serialize(first.Optimiser.GetState());
        var rng = first.Rng.GetState();

        // A fresh run from another seed, so anything not restored would show.
        var resumed = new XorRun(999);
        foreach (var p in resumed.Parameters) parameters[p.Name].CopyTo(p.Value.Span);
        resumed.Optimiser.SetState(JsonSerializer.Deserialize<OptimizerState>(optimiser)!);
        resumed.Rng = Rng.FromState(rng);
        for (int step = 0; step < 40; step++) resumed.Step();

        Assert.Equal(uninterrupted.ParameterBytes(), resumed.ParameterBytes());
        Assert.Equal(80, resumed.Optimiser.StepCount);
        Assert.Equal(uninterrupted.Rng.GetState(), resumed.Rng.GetState());
        var expected = uninterrupted.Optimiser.GetState();
        var actual = resumed.Optimiser.GetState();
        Assert.Equal(expected.Hyperparameters, actual.Hyperparameters);
        foreach (var name in expected.Buffers.Keys) Assert.Equal(expected.Buffers[name], actual.Buffers[name]);
    }

    [Fact]
    public void ATrainingStepAllocatesNothingAfterWarmUp()
    {
        var run = new XorRun(3);
        for (int step = 0; step < 200; step++) run.Step();
        Assert.Equal(0, AllocationProbe.Quietest(() =>
        {
            for (int step = 0; step < 100; step++) run.Step();
        }));
    }
}
