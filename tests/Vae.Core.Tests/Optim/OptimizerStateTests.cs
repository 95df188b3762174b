using Vae.Core.Optim;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Optim;

public class OptimizerStateTests
{
    private static Tensor<float>[] Parameters() => [Tensor<float>.FromArray([1f, -2f, 0.5f], 3), Tensor<float>.FromArray([0.25f], 1)];

    private static Tensor<float>[] Gradient(int step) =>
        [Tensor<float>.FromArray([0.1f * step, -0.3f, 0.2f], 3), Tensor<float>.FromArray([1f / step], 1)];

    public static TheoryData<string> Kinds => ["Adam", "AdamW", "Sgd"];

    private static Optimizer<float> Make(string kind, Tensor<float>[] p) => kind switch
    {
        "Adam" => new Adam<float>(p, 0.01, weightDecay: 0.05),
        "AdamW" => new AdamW<float>(p, 0.01),
        _ => new Sgd<float>(p, 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SavedStateHasTheDocumentedContentsAndRestoresExactly(string kind)
    {
        var p = Parameters();
        var optimiser = Make(kind, p);
        for (int step = 1; step <= 3; step++) optimiser.Step(Gradient(step));
        optimiser.LearningRate = 0.003;
        var state = optimiser.GetState();
        Assert.Equal(kind, state.Algorithm);
        Assert.Equal(3, state.StepCount);
        Assert.Equal(0.003, state.Hyperparameters["lr"]);
        Assert.Equal(kind == "Sgd" ? ["momentum_buffer"] : new[] { "exp_avg", "exp_avg_sq" }, state.Buffers.Keys.Order());
        Assert.All(state.Buffers.Values, b => Assert.Equal([3, 1], b.Select(a => a.Length)));

        // Continue the original, and a fresh optimiser (other learning rate, no history) given the state.
        var q = p.Select(t => t.Clone()).ToArray();
        var restored = Make(kind, q);
        restored.SetState(state);
        Assert.Equal(0.003, restored.LearningRate);
        for (int step = 4; step <= 6; step++)
        {
            optimiser.Step(Gradient(step));
            restored.Step(Gradient(step));
        }
        for (int i = 0; i < p.Length; i++) Assert.Equal(p[i].ToArray(), q[i].ToArray());
    }

    [Fact]
    public void AStateLoadsOnlyIntoTheSameKindAndShapes()
    {
        var adamState = new Adam<float>(Parameters()).GetState();
        Assert.Throws<ArgumentException>(() => new AdamW<float>(Parameters()).SetState(adamState));
        Assert.Throws<ArgumentException>(() => new Adam<float>([Tensor<float>.Zeros(2)]).SetState(adamState));
        var sgd = new Sgd<float>(Parameters(), 0.1, momentum: 0.9);
        Assert.Throws<ArgumentException>(() => new Sgd<float>(Parameters(), 0.1, momentum: 0.5).SetState(sgd.GetState()));
        Assert.Throws<ArgumentException>(() => new Sgd<float>(Parameters(), 0.1).SetState(sgd.GetState()));
    }

    [Fact]
    public void PlainSgdKeepsNoBuffer()
    {
        var state = new Sgd<double>([Tensor<double>.Zeros(4)], 0.1).GetState();
        Assert.Empty(state.Buffers);
        Assert.Equal(0, state.Hyperparameters["momentum"]);
    }
}
