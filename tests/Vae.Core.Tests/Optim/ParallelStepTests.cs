using Vae.Core.Kernels;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Optim;

/// <summary>
/// A step over more than 2¹⁵ elements is split across threads at element ranges that cut tensors in
/// the middle; every element must still get exactly the scalar update (the documented IEEE operations
/// in their order), whatever the thread count.
/// </summary>
public class ParallelStepTests
{
    // Sizes whose concatenation (40,000 elements) splits in two at 20,000: inside the second tensor,
    // at an offset that is not a multiple of the vector width.
    private static readonly int[] Sizes = [12_345, 20_001, 7, 7_647];

    private static (Tensor<float>[] Parameters, Tensor<float>[] Gradients) Problem()
    {
        var rng = Rng.Create(5);
        Tensor<float> Draw(int size)
        {
            var t = new Tensor<float>(new Shape(size));
            rng.FillNormal(t.Span);
            return t;
        }
        return (Sizes.Select(Draw).ToArray(), Sizes.Select(Draw).ToArray());
    }

    private static Tensor<float>[] ThreeAdamSteps(int threads)
    {
        int saved = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = threads;
            var (parameters, gradients) = Problem();
            var adam = new Adam<float>(parameters, learningRate: 0.01, weightDecay: 0.1);
            for (int step = 0; step < 3; step++) adam.Step(gradients);
            return parameters;
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    // Adam (L2 form, PyTorch's order): g ← g + λp; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
    // p ← p − (lr/c₁)·m / (√v/√c₂ + ε), each operation rounded to float as the kernel does.
    private static Tensor<float>[] ScalarReference()
    {
        var (parameters, gradients) = Problem();
        float beta1 = 0.9f, oneMinusBeta1 = (float)(1 - 0.9), beta2 = 0.999f, oneMinusBeta2 = (float)(1 - 0.999), l2 = 0.1f, eps = 1e-8f;
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i].Span;
            var g = gradients[i].ReadOnlySpan;
            var m = new float[p.Length];
            var v = new float[p.Length];
            for (int step = 1; step <= 3; step++)
            {
                float correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(0.999, step)), negativeStepSize = (float)-(0.01 / (1 - Math.Pow(0.9, step)));
                for (int j = 0; j < p.Length; j++)
                {
                    float gj = g[j] + l2 * p[j];
                    m[j] = m[j] * beta1 + oneMinusBeta1 * gj;
                    v[j] = v[j] * beta2 + oneMinusBeta2 * gj * gj;
                    p[j] += negativeStepSize * m[j] / (MathF.Sqrt(v[j]) / correction2Sqrt + eps);
                }
            }
        }
        return parameters;
    }

    [Fact]
    public void AdamStepsAreTheScalarUpdateOnOneAndTwoThreads()
    {
        var reference = ScalarReference();
        foreach (int threads in (int[])[1, 2])
        {
            var result = ThreeAdamSteps(threads);
            for (int i = 0; i < Sizes.Length; i++)
                Assert.Equal(reference[i].ToArray(), result[i].ToArray());
        }
    }
}
