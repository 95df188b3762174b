using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

public class ElementwiseAllocationTests
{
    [Fact]
    public void ReusedTapeEvaluatesEveryElementwiseOpWithoutAllocating()
    {
        var random = new System.Random(11);
        var x = new Tensor<float>(new Shape(8, 37));
        var e = new Tensor<float>(new Shape(37));
        var mask = new Tensor<float>(new Shape(8, 37));
        for (int i = 0; i < x.Size; i++)
        {
            x[i] = (float)(random.NextDouble() * 4 - 2);
            mask[i] = i % 3 == 0 ? 0 : 1;
        }
        for (int i = 0; i < e.Size; i++) e[i] = (float)random.NextDouble();
        Tensor<float>[] parameters = [x, e];
        var tape = new Tape<float>();
        Func<Tape<float>, Var<float>> loss = t =>
        {
            Var<float> v = t.Param(x), w = t.Param(e);
            var positive = Ops.AddScalar(Ops.Abs(v), 0.5f);
            var sum = Ops.Log1p(positive) + Ops.Expm1(Ops.Scale(v, 0.1f)) + Ops.Sqrt(positive) + Ops.Reciprocal(positive)
                + Ops.Pow(positive, 1.5f) + Ops.Pow(positive, w) + Ops.Softplus(v) + Ops.LogSigmoid(v)
                + Ops.LeakyRelu(v, 0.01f) + Ops.Elu(v, 1f) + Ops.Clamp(v, -1f, 1f);
            return Ops.Sum(Ops.Mask(Ops.Where(mask, sum, v), mask));
        };
        for (int warmUp = 0; warmUp < 3; warmUp++) tape.ValueAndGrad(parameters, loss);
        Assert.Equal(0, AllocationProbe.Quietest(() =>
        {
            for (int step = 0; step < 10; step++) tape.ValueAndGrad(parameters, loss);
        }));
    }
}
