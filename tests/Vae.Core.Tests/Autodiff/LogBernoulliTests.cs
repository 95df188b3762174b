using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Autodiff;
using Vae.Core.Kernels;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>
/// The fused Bernoulli log-likelihood y = xℓ − softplus(ℓ): values against the double-precision
/// reference softplus, gradients in both arguments against float64 central differences (also when
/// the logits receive a second contribution before or after it), and the extremes.
/// </summary>
/// <remarks>
/// Value ranges for the gradient checks: ℓ ∈ [−6, 6] keeps |d³/dℓ³ softplus| ≤ 0.1 and |y| ≤ 7, so the
/// truncation and rounding terms of <see cref="GradientCheck"/> stay far inside its tolerance (see
/// ElementwiseOpsTests).
/// </remarks>
public class LogBernoulliTests
{
    private const double U = 1.0 / (1L << 53);

    private static Gen<(Tensor<double> Logits, Tensor<double> X)> Pairs(Gen<double> logits) =>
        from dims in TensorGen.Dims
        from l in TensorGen.Tensor(dims, logits)
        from x in TensorGen.Tensor(dims, TensorGen.Uniform(0, 1))
        select (l, x);

    [Fact]
    public void GradientInBothArgumentsMatchesFiniteDifferences() =>
        PropertyRunner.Check(Prop.ForAll(Pairs(TensorGen.Uniform(-6, 6)).ToArbitrary(), c =>
        {
            GradientCheck.Assert(p => Ops.Sum(Ops.LogBernoulli(p[0], p[1])), [c.Logits, c.X]);
        }), cases: 25);

    // The logits' gradient is written by the first contribution of a backward pass and accumulated by
    // later ones: the other term comes after (its VJP runs first) or before (runs second) the op.
    [Fact]
    public void GradientIsRightWhetherItWritesOrAccumulates() =>
        PropertyRunner.Check(Prop.ForAll(Pairs(TensorGen.Uniform(-6, 6)).ToArbitrary(), c =>
        {
            GradientCheck.Assert(p => Ops.Sum(Ops.Add(Ops.LogBernoulli(p[0], p[1]), Ops.Square(p[0]))), [c.Logits, c.X]);
            GradientCheck.Assert(p =>
            {
                var square = Ops.Square(p[0]);
                return Ops.Sum(Ops.Add(square, Ops.LogBernoulli(p[0], p[1])));
            }, [c.Logits, c.X]);
        }), cases: 25);

    // softplus as in ElementwiseOpsTests (≤ 17u relative) plus xℓ and the two roundings of the
    // differences, all relative to |xℓ| + softplus(ℓ) (the sum of the magnitudes that can cancel):
    // ≤ 20u, checked at 32u.
    [Fact]
    public void ValueMatchesTheReferenceSoftplus() =>
        PropertyRunner.Check(Prop.ForAll(Pairs(TensorGen.SignedLogUniform(1e-10, 700)).ToArbitrary(), c =>
        {
            var tape = new Tape<double>();
            var y = Ops.LogBernoulli(tape.Constant(c.Logits), tape.Constant(c.X)).Value;
            for (int i = 0; i < y.Size; i++)
            {
                double l = c.Logits[i], x = c.X[i], softplus = ReferenceMath.Softplus(l);
                Assert.True(Math.Abs(y[i] - (x * l - softplus)) <= 32 * U * (Math.Abs(x * l) + softplus),
                    $"LogBernoulli({l:R}, {x:R}) = {y[i]:R}, reference {x * l - softplus:R}");
            }
        }), cases: 50);

    // At ℓ = ±1e4 (float): y = xℓ − max(ℓ, 0) − ln(1 + e^(−10⁴)) = xℓ − max(ℓ, 0) exactly, and
    // ∂y/∂ℓ = x − σ(ℓ) = x − 1 or x exactly; nothing overflows.
    [Fact]
    public void ExtremeLogitsGiveExactValuesAndGradients()
    {
        var logits = Tensor<float>.FromArray([1e4f, 1e4f, -1e4f, -1e4f], 4);
        var x = Tensor<float>.FromArray([1f, 0f, 1f, 0f], 4);
        var tape = new Tape<float>();
        var result = tape.ValueAndGrad([logits], t => Ops.Sum(Ops.LogBernoulli(t.Param(logits), t.Constant(x))));
        Assert.Equal(-2e4f, result.Value);
        Assert.Equal([0f, -1f, 1f, 0f], result.Gradients[0].ToArray());
    }

    // 20,000 elements are split into blocks on two threads (above BlockJob.ParallelLength): values and
    // gradients must be bit-identical to one thread's and match the reference element by element.
    [Fact]
    public void LargeTensorsGiveTheSameBitsOnOneAndTwoThreads()
    {
        var rng = Rng.Create(3);
        var logits = new Tensor<float>(new Shape(200, 100));
        var x = new Tensor<float>(new Shape(200, 100));
        rng.FillNormal(logits.Span, 0f, 4f);
        rng.FillUniform(x.Span);
        (float[] Value, float[] Gradient) Run(int threads)
        {
            int saved = ComputeThreads.Count;
            try
            {
                ComputeThreads.Count = threads;
                var tape = new Tape<float>();
                float[]? value = null;
                var result = tape.ValueAndGrad([logits], t =>
                {
                    var y = Ops.LogBernoulli(t.Param(logits), t.Constant(x));
                    value = y.Value.ToArray();
                    return Ops.Sum(y);
                });
                return (value!, result.Gradients[0].ToArray());
            }
            finally
            {
                ComputeThreads.Count = saved;
            }
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Value, two.Value);
        Assert.Equal(one.Gradient, two.Gradient);
        // float: the same budget as above in float's unit roundoff 2⁻²⁴, and ∂y/∂ℓ = x − σ(ℓ) within 4 float ulps of 1.
        for (int i = 0; i < x.Size; i++)
        {
            double l = logits[i], xi = x[i], softplus = ReferenceMath.Softplus(l);
            Assert.True(Math.Abs(one.Value[i] - (xi * l - softplus)) <= 32.0 / (1 << 24) * (Math.Abs(xi * l) + softplus) + 1e-30);
            Assert.True(Math.Abs(one.Gradient[i] - (xi - ReferenceMath.Sigmoid(l))) <= 4.0 / (1 << 24));
        }
    }

    [Fact]
    public void ShapeMismatchNamesTheOpAndBothShapes()
    {
        var tape = new Tape<double>();
        var e = Assert.Throws<ShapeMismatchException>(() =>
            Ops.LogBernoulli(tape.Constant(Tensor<double>.Zeros(2, 3)), tape.Constant(Tensor<double>.Zeros(3))));
        Assert.Contains("LogBernoulli", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3]", e.Message);
    }
}
