using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Training;

namespace Vae.Cli.Reproduce;

/// <summary>
/// The contractive penalty λ‖J_f(x)‖²_F (Rifai et al., 2011) on the digits: as λ grows the encoder
/// becomes less sensitive to its input and the reconstruction error rises. The closed-form Jacobian
/// norm is checked against finite differences of the trained encoder.
/// </summary>
internal sealed class ContractiveAutoencoders : IExperiment
{
    /// <summary>The penalty weights λ compared.</summary>
    public static readonly double[] Weights = [0, 0.01, 0.1, 1];

    /// <summary>The code units (one sigmoid layer, as in Rifai et al.).</summary>
    public const int Units = 32;

    /// <summary>The step h of the finite-difference check.</summary>
    public const double Step = 1e-3;

    /// <inheritdoc />
    public string Name => "contractive autoencoders";

    /// <inheritdoc />
    public void Run(ExperimentContext context)
    {
        var (train, test) = (context.Digits.Train, context.Digits.Test);
        var table = new ResultTable("contractive",
            Column.Number("λ", "lambda"),
            Column.Number("test error", "test_error"),
            Column.Number("‖J_f‖²_F (closed form)", "jacobian_frobenius_squared"),
            Column.Number("‖J_f‖²_F (finite differences)", "jacobian_frobenius_squared_finite_differences"));
        var norms = new List<double>();
        var errors = new List<double>();
        double worstRelativeDifference = 0;
        for (int v = 0; v < Weights.Length; v++)
        {
            var rng = Rng.Create(1000 + (ulong)v);
            var encoder = new DenseNetwork<float>([train.Dimension, Units], ActivationKind.Identity, ActivationKind.Sigmoid, rng);
            var decoder = new DenseNetwork<float>([Units, train.Dimension], ActivationKind.Identity, ActivationKind.Sigmoid, rng);
            var model = new ContractiveAutoencoder<float>(encoder, decoder, ReconstructionLoss.SquaredError, Weights[v]);
            ModelTraining.Autoencoder(model, train,
                new TrainingOptions { Epochs = context.Budget.AutoencoderEpochs, BatchSize = 64, LearningRate = 3e-3, Seed = 1100 + (ulong)v },
                context.Cancellation);
            double closedForm = ContractivePenalty.Evaluate(encoder, new Tape<float>().Constant(test.Features)).Penalty.Value.ToScalar();
            norms.Add(closedForm);
            errors.Add(model.ReconstructionError(test.Features));
            double finiteDifferences = FiniteDifferenceNorm(model, test.Features);
            worstRelativeDifference = Math.Max(worstRelativeDifference, Math.Abs(finiteDifferences - closedForm) / closedForm);
            table.Add(Cell.Number(Weights[v], 2), Cell.Number(errors[^1], 3), Cell.Number(closedForm, 3), Cell.Number(finiteDifferences, 3));
        }
        table.Notes.Add($"One sigmoid layer of {Units} units (64-{Units}-64, squared error, {context.Budget.AutoencoderEpochs} epochs). ‖J_f‖²_F is averaged over the test images; " +
                        $"the finite-difference column recomputes it as Σᵢ ‖f(x + heᵢ) − f(x − heᵢ)‖² / (2h)² over the 64 pixel directions eᵢ (h = {Numbers.RoundTrip(Step)}), in double from the trained weights.");
        context.Output.Table(table);
        context.Output.Value("contractive-norm-ratio", Numbers.Fixed(norms[0] / norms[^1], 0));
        context.Output.Value("contractive-error-ratio", Numbers.Fixed(errors[^1] / errors[0], 1));
        context.Output.Value("contractive-agreement", worstRelativeDifference.ToString("0.0e0", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// An independent check of the mean ‖J_f(x)‖²_F: central differences along every input coordinate,
    /// ‖J‖²_F = Σᵢ ‖∂f/∂xᵢ‖² with ∂f/∂xᵢ ≈ (f(x + heᵢ) − f(x − heᵢ)) / 2h (error O(h²)), from the encoder's
    /// float weights evaluated in double, averaged over the rows.
    /// </summary>
    private static double FiniteDifferenceNorm(ContractiveAutoencoder<float> model, Tensor<float> x)
    {
        var layer = model.DenseEncoder.Layers[0];
        int n = x.Shape[0], d = x.Shape[1], k = layer.OutputSize;
        var w = layer.Weight.ReadOnlySpan;
        var b = layer.Bias!.ReadOnlySpan;
        var a = new double[k];
        double total = 0;
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < k; j++)
            {
                a[j] = b[j];
                for (int i = 0; i < d; i++) a[j] += (double)x[r, i] * w[i * k + j];
            }
            for (int i = 0; i < d; i++)
                for (int j = 0; j < k; j++)
                {
                    double shift = Step * w[i * k + j];
                    double derivative = (Sigmoid(a[j] + shift) - Sigmoid(a[j] - shift)) / (2 * Step);
                    total += derivative * derivative;
                }
        }
        return total / n;
    }

    private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));
}
