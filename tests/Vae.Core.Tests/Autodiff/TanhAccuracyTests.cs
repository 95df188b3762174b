using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

public class TanhAccuracyTests
{
    /// <summary>
    /// tanh in float against Math.Tanh in double rounded to float, from 1e-30 to 20 and their negatives.
    /// The float path computes in double (error a few double ulp) and rounds once, so it must be within
    /// one float ulp (relative 2⁻²³). The previous TensorPrimitives path was off by 10% at 3e-7.
    /// </summary>
    [Fact]
    public void FloatTanhKeepsRelativeAccuracyFromTinyToSaturatedArguments()
    {
        var xs = new List<float>();
        for (double e = -30; e <= 1.3; e += 0.05) xs.Add((float)Math.Pow(10, e));
        xs.AddRange(xs.Select(v => -v).ToArray());
        xs.AddRange([0f, -0f, 3e-7f, 3.6e-6f]);
        var tape = new Tape<float>();
        var y = Ops.Tanh(tape.Constant(Tensor<float>.FromArray(xs.ToArray(), xs.Count)));
        for (int i = 0; i < xs.Count; i++)
        {
            double expected = (float)Math.Tanh(xs[i]);
            double error = Math.Abs(y.Value[i] - expected);
            Assert.True(error <= Math.Pow(2, -23) * Math.Abs(expected),
                $"tanh({xs[i]:R}) = {y.Value[i]:R}, expected {expected:R}");
        }
        Assert.True(float.IsNegative(y.Value[xs.Count - 3]), "tanh(-0) keeps its sign");
    }

    [Fact]
    public void DoubleTanhMatchesMathTanh()
    {
        double[] xs = [1e-300, 1e-12, 3e-7, 0.1, 0.5, 1, 3, 10, 19, 25, 400, -1e-12, -0.7, -30];
        var tape = new Tape<double>();
        var y = Ops.Tanh(tape.Constant(Tensor<double>.FromArray(xs, xs.Length)));
        // exp, log, the Kahan correction and one division each cost a few ulp: 8 ulp (8·2⁻⁵³) bounds their sum.
        for (int i = 0; i < xs.Length; i++)
            Assert.True(Math.Abs(y.Value[i] - Math.Tanh(xs[i])) <= 8 * Math.Pow(2, -53) * Math.Abs(Math.Tanh(xs[i])),
                $"tanh({xs[i]:R}) = {y.Value[i]:R}, expected {Math.Tanh(xs[i]):R}");
    }
}
