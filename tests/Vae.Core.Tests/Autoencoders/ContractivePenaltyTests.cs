using Vae.Core.Training;
using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Tests.Autodiff;

namespace Vae.Core.Tests.Autoencoders;

public class ContractivePenaltyTests
{
    /// <summary>A double encoder with random weights and biases (the biases nonzero so they matter).</summary>
    private static DenseNetwork<double> Encoder(int[] sizes, ActivationKind hidden, ActivationKind output, ulong seed)
    {
        var rng = Rng.Create(seed);
        var network = new DenseNetwork<double>(sizes, hidden, output, rng);
        foreach (var layer in network.Layers) rng.FillNormal(layer.Bias!.Span, 0.0, 0.5);
        return network;
    }

    private static Tensor<double> Inputs(int rows, int columns, ulong seed)
    {
        var x = Tensor<double>.Zeros(rows, columns);
        Rng.Create(seed).FillNormal(x.Span);
        return x;
    }

    /// <summary>
    /// (1/B) Σₙ ‖J(xₙ)‖²_F with every Jacobian entry by central differences of the encoder's forward
    /// pass, example by example.
    /// </summary>
    /// <remarks>
    /// With h = 1e-5 the truncation error of an entry is h²|f'''|/6 ≈ 2·10⁻¹¹ and the rounding error
    /// about 2·10⁻¹⁶/h = 2·10⁻¹¹ for outputs of order 1, so each entry is good to about 10⁻¹⁰ and the
    /// penalty (a sum of some 60 squared entries of order 1) to about 10⁻⁹ relative.
    /// </remarks>
    private static double FiniteDifferencePenalty(DenseNetwork<double> encoder, Tensor<double> x)
    {
        const double h = 1e-5;
        int batch = x.Shape[0], d = x.Shape[1], k = encoder.OutputSize;
        double total = 0;
        for (int n = 0; n < batch; n++)
        {
            var row = Tensor<double>.Zeros(1, d);
            x.ReadOnlySpan.Slice(n * d, d).CopyTo(row.Span);
            for (int i = 0; i < d; i++)
            {
                double saved = row[i];
                row[i] = saved + h;
                var up = encoder.Forward(new Tape<double>().Constant(row)).Value.ToArray();
                row[i] = saved - h;
                var down = encoder.Forward(new Tape<double>().Constant(row)).Value.ToArray();
                row[i] = saved;
                for (int j = 0; j < k; j++)
                {
                    double entry = (up[j] - down[j]) / (2 * h);
                    total += entry * entry;
                }
            }
        }
        return total / batch;
    }

    private static ContractiveTerms<double> Evaluate(DenseNetwork<double> encoder, Tensor<double> x) =>
        ContractivePenalty.Evaluate(encoder, new Tape<double>().Constant(x));

    [Fact]
    public void OneSigmoidUnitByHand()
    {
        // h = σ(x·W + b) with W = (1, 2)ᵀ, b = 0 at x = (0, 0): a = 0, σ'(0) = ¼, so
        // ‖J‖² = σ'(0)²·(1² + 2²) = 0.0625 · 5 = 0.3125.
        var encoder = new DenseNetwork<double>([2, 1], ActivationKind.Identity, ActivationKind.Sigmoid, Rng.Create(1));
        encoder.Layers[0].Weight[0, 0] = 1;
        encoder.Layers[0].Weight[1, 0] = 2;
        var terms = Evaluate(encoder, Tensor<double>.Zeros(1, 2));
        Assert.Equal(0.3125, terms.Penalty.Value.ToScalar(), 15);
        Assert.Equal(0.5, terms.Code.Value.ToScalar(), 15);
    }

    public static TheoryData<int[], ActivationKind, ActivationKind> Encoders => new()
    {
        { [5, 4], ActivationKind.Identity, ActivationKind.Sigmoid },
        { [5, 4], ActivationKind.Identity, ActivationKind.Tanh },
        { [5, 4], ActivationKind.Identity, ActivationKind.Relu },
        { [5, 4], ActivationKind.Identity, ActivationKind.Identity },
        { [5, 6, 3], ActivationKind.Tanh, ActivationKind.Sigmoid },
        { [5, 6, 4, 3], ActivationKind.Relu, ActivationKind.Tanh },
        { [5, 6, 3], ActivationKind.Identity, ActivationKind.Sigmoid },
        { [5, 6, 3], ActivationKind.Sigmoid, ActivationKind.Identity },
        { [5, 6, 3], ActivationKind.Identity, ActivationKind.Identity },
    };

    [Theory]
    [MemberData(nameof(Encoders))]
    public void PenaltyEqualsTheFiniteDifferenceJacobianNorm(int[] sizes, ActivationKind hidden, ActivationKind output)
    {
        var encoder = Encoder(sizes, hidden, output, 11);
        var x = Inputs(4, 5, 12);
        var terms = Evaluate(encoder, x);
        Assert.Equal(encoder.Forward(new Tape<double>().Constant(x)).Value.ToArray(), terms.Code.Value.ToArray());
        double expected = FiniteDifferencePenalty(encoder, x), actual = terms.Penalty.Value.ToScalar();
        // 1e-7 relative: two orders above the finite-difference error (see FiniteDifferencePenalty),
        // while a missing layer or derivative factor changes the value by O(1).
        Assert.True(Math.Abs(actual - expected) <= 1e-7 * expected, $"penalty {actual:R}, finite differences {expected:R}");
        Assert.True(expected > 1e-3, $"a degenerate case: penalty {expected}");
    }

    [Theory]
    [MemberData(nameof(Encoders))]
    public void PenaltyGradientPassesTheGradientCheck(int[] sizes, ActivationKind hidden, ActivationKind output)
    {
        var encoder = Encoder(sizes, hidden, output, 21);
        var x = Inputs(3, 5, 22);
        // ReLU's indicator is piecewise constant: the central differences (step 1e-6) are valid only
        // if no pre-activation lies within the step of 0; these random ones are all farther than 1e-3.
        var h = new Tape<double>().Constant(x);
        for (int l = 0; l < encoder.Layers.Count; l++)
        {
            var a = encoder.Layers[l].Forward(h);
            Assert.All(a.Value.ToArray(), v => Assert.True(Math.Abs(v) > 1e-3));
            h = encoder.ActivationAfter(l) switch
            {
                ActivationKind.Sigmoid => Ops.Sigmoid(a),
                ActivationKind.Tanh => Ops.Tanh(a),
                ActivationKind.Relu => Ops.Relu(a),
                _ => a,
            };
        }
        var inputs = new List<Tensor<double>> { x };
        inputs.AddRange(encoder.Parameters.Select(p => p.Value));
        GradientCheck.Assert(p => ContractivePenalty.Evaluate(encoder, p[0]).Penalty, inputs);
    }

    [Fact]
    public void ObjectiveIsReconstructionPlusWeightedPenalty()
    {
        var rng = Rng.Create(31);
        var encoder = new DenseNetwork<double>([5, 3], ActivationKind.Identity, ActivationKind.Sigmoid, rng);
        var decoder = new DenseNetwork<double>([3, 5], ActivationKind.Identity, ActivationKind.Identity, rng);
        var model = new ContractiveAutoencoder<double>(encoder, decoder, ReconstructionLoss.SquaredError, 0.7);
        var x = Inputs(4, 5, 32);
        var tape = new Tape<double>();
        double objective = model.Objective(tape.Constant(x), Rng.Create(0)).Value.ToScalar();
        double reconstruction = model.ReconstructionTerm(tape.Constant(x)).Value.ToScalar();
        Assert.Equal(reconstruction + 0.7 * Evaluate(encoder, x).Penalty.Value.ToScalar(), objective, 13);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContractiveAutoencoder<double>(encoder, decoder, ReconstructionLoss.SquaredError, -1));
    }

    [Fact]
    public void TrainingWithThePenaltyContractsTheEncoder()
    {
        // Same initial weights, data and budget, λ = 0 versus λ = 0.5, with a two-layer encoder (so the
        // product-of-Jacobians form is what is trained): the penalised encoder ends with a much smaller
        // mean ‖J‖²_F on the training data. Measured: 0.26 against 1.43; asserted: below half.
        var data = Digits.Load<float>().Select(Enumerable.Range(0, 300).ToArray());
        double Penalty(double weight)
        {
            var rng = Rng.Create(41);
            var encoder = new DenseNetwork<float>([64, 24, 12], ActivationKind.Tanh, ActivationKind.Sigmoid, rng);
            var decoder = new DenseNetwork<float>([12, 64], ActivationKind.Identity, ActivationKind.Identity, rng);
            var model = new ContractiveAutoencoder<float>(encoder, decoder, ReconstructionLoss.SquaredError, weight);
            AutoencoderTraining.Train(model, data, new TrainingOptions { Epochs = 12, BatchSize = 50, LearningRate = 1e-2, Seed = 3 });
            return ContractivePenalty.Evaluate(encoder, new Tape<float>().Constant(data.Features)).Penalty.Value.ToScalar();
        }
        double free = Penalty(0), penalised = Penalty(0.5);
        Assert.True(penalised < 0.5 * free, $"mean ‖J‖²: {penalised} with λ = 0.5, {free} without");
    }
}
