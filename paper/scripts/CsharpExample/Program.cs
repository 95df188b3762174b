// Missing data in C#: a VAE assembled from the library's pieces (a Gaussian encoder, an MLP decoder, a
// Gaussian likelihood with a learned variance per feature, a standard normal prior) is trained on Breast
// Cancer with a third of its values hidden, by the importance-weighted bound on log p(x_obs) (MIWAE),
// then imputes the hidden values and is compared with mean imputation; the training curve and the 2-D
// latent space go to SVG.
//
//     dotnet run --project paper/scripts/CsharpExample -c Release -- [--quick] [--out DIR]
//
// --quick trains 5 epochs instead of 60 (CI runs it so); figures go to DIR (default: script-output).
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Training;
using Vae.Figures.Charts;
using Vae.Probabilistic.Distributions;
using Vae.Probabilistic.Evaluation;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

bool quick = args.Contains("--quick");
int outAt = Array.IndexOf(args, "--out");
string outDir = outAt >= 0 && outAt + 1 < args.Length ? args[outAt + 1] : "script-output";
Directory.CreateDirectory(outDir);

// Data: 569 tumours, 30 features; hide a third of the values at random, standardise on what is observed.
var complete = BreastCancer.Load<float>();
var incomplete = Missingness.Mcar(complete, rate: 1.0 / 3, seed: 1);
var standardizer = Standardizer.Fit(incomplete);
var data = standardizer.Apply(incomplete);
var truth = standardizer.Apply(complete).Features;
var mask = data.Mask!;

// The model from pieces.
var rng = Rng.Create(1);
var model = new MissingDataVae(
    new GaussianEncoder<float>(new Mlp<float>([30, 64], Activations.Tanh, rng), Activations.Tanh, latentSize: 2, rng),
    new Mlp<float>([2, 64, 30], Activations.Tanh, rng),
    GaussianLikelihood<float>.Learned(30));

// Training: Adam on −L_K, the K-sample bound on log p(x_obs); the mask keeps hidden values out of the likelihood.
var options = TrainingOptions.Default with { Epochs = quick ? 5 : 60, BatchSize = 64, Seed = 2 };
var reports = Trainer.Fit(new ParameterSet<float>(model).Tensors, data,
    (tape, batch, r) => -Iwae.Bound(model, tape.Constant(batch.Features), r, samples: 10, mask: batch.Mask), options,
    report => Console.WriteLine($"epoch {report.Epoch,2}  loss {report.Loss:F3}"));

// Evaluation: imputation error on the hidden values, against filling in each column's mean.
var imputed = Imputation.Single(model, data.Features, mask, Rng.Create(3), samples: 200);
var vae = ImputationError.Evaluate(imputed, truth, mask);
var mean = ImputationError.Evaluate(MeanImputation.Impute(data.Features, mask), truth, mask);
Console.WriteLine($"imputation MSE on {vae.MissingCells} hidden values: VAE {vae.MeanSquaredError:F3}, column means {mean.MeanSquaredError:F3}");

// Plots: the training curve, and the tumours' posterior means coloured by diagnosis.
new LineChart([new Series("training loss (−L₁₀)", [.. reports.Select(r => (double)r.Epoch)], [.. reports.Select(r => r.Loss)]) { Marker = MarkerShape.Circle }])
{
    Title = "MIWAE on Breast Cancer, a third of the values hidden (C#)",
    XLabel = "epoch",
    YLabel = "nats per tumour",
}.Save(Path.Combine(outDir, "csharp-loss.svg"));
new ScatterChart(Generation.Encode(model, data.Features, mask), data.Labels!, BreastCancer.ClassNames)
{
    Title = "Posterior means of the incomplete tumours",
    XLabel = "z₁",
    YLabel = "z₂",
}.Save(Path.Combine(outDir, "csharp-latent.svg"));
Console.WriteLine($"wrote csharp-loss.svg and csharp-latent.svg to {Path.GetFullPath(outDir)}");

/// <summary>
/// p(z) = N(0, I), p(x | z) from the decoder and the likelihood, q(z | x) from the encoder reading the
/// zero-filled data: the three pieces are all a latent-variable model needs.
/// </summary>
internal sealed class MissingDataVae(GaussianEncoder<float> encoder, Mlp<float> decoder, ILikelihood<float> likelihood)
    : ILatentVariableModel<float>, IModule<float>
{
    private readonly Tensor<float> zeros = Tensor<float>.Zeros(encoder.LatentSize);
    private readonly Tensor<float> ones = Tensor<float>.Full(new Shape(encoder.LatentSize), 1f);

    public int LatentSize => encoder.LatentSize;

    public IReadOnlyList<NamedParameter<float>> Parameters { get; } =
        new ParameterSet<float>().Add("encoder", encoder).Add("decoder", decoder).Add("likelihood", likelihood);

    public Distribution<float> Posterior(Var<float> x, Tensor<float>? mask) => encoder.Forward(x);

    public Distribution<float> Likelihood(Var<float> z) => likelihood.Create(decoder.Forward(z));

    public Distribution<float> Prior(Tape<float> tape) =>
        new Independent<float>(new Normal<float>(tape.Constant(zeros), tape.Constant(ones)), 1);
}
