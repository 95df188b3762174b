using System.CommandLine;
using Vae.Cli.Models;
using Vae.Cli.Training;

namespace Vae.Cli.Commands;

/// <summary><c>vae train</c>: trains a model and checkpoints it every epoch (see <see cref="TrainingSession"/>).</summary>
internal static class TrainCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model", "-m")
        {
            Description = "The model: " + string.Join("; ", ModelCatalog.All.Select(k => $"{k.Name} ({k.Description})")) +
                          " [default: miwae for data with missing values, else vae].",
            HelpName = "name",
        };
        model.AcceptOnlyFromAmong([.. ModelCatalog.All.Select(k => k.Name)]);
        var data = new Option<string?>("--data", "-d")
        {
            Description = "digits (embedded), fashion-mnist[:DIR], an IDX image file, or a CSV file (empty/NA/NaN cells are missing) [default: digits].",
            HelpName = "source",
        };
        var latent = new Option<int?>("--latent") { Description = "Latent dimensions (an autoencoder's code size) [default: 20].", HelpName = "n" };
        var hidden = new Option<int[]?>("--hidden")
        {
            Description = "Encoder hidden widths, e.g. 400 or 256,128; the decoder mirrors them [default: 400].",
            HelpName = "widths",
            CustomParser = CommonOptions.Widths,
        };
        var epochs = new Option<int?>("--epochs", "-e") { Description = "Total epochs; with --resume, train on to this many [default: 10].", HelpName = "n" };
        var batch = new Option<int?>("--batch", "-b") { Description = "Rows per mini-batch [default: 128].", HelpName = "n" };
        var lr = new Option<double?>("--lr") { Description = "Adam's learning rate [default: 0.001].", HelpName = "rate" };
        var seed = new Option<ulong?>("--seed") { Description = "Seeds the initialisation, batches, noise and train/test split [default: 0].", HelpName = "n" };
        var beta = new Option<double?>("--beta") { Description = "beta-vae's KL weight β [default: 4].", HelpName = "β" };
        var samples = new Option<int?>("--samples", "-k") { Description = "iwae/miwae's importance samples K [default: 5].", HelpName = "K" };
        var likelihood = new Option<string?>("--likelihood")
        {
            Description = "bernoulli (data in [0, 1]) or gaussian (learned variance per feature; squared error for autoencoders) [default: bernoulli for images, gaussian for CSV].",
            HelpName = "family",
        };
        likelihood.AcceptOnlyFromAmong(Likelihoods.Names);
        var sparsity = new Option<string?>("--sparsity") { Description = "sparse: the penalty, kl (β·Σ KL(ρ‖ρ̂ⱼ), sigmoid code) or l1 (λ·‖h‖₁, ReLU code) [default: kl].", HelpName = "penalty" };
        sparsity.AcceptOnlyFromAmong(SparseAutoencoderKind.Penalties);
        var rho = new Option<double?>("--rho") { Description = "sparse with kl: the target mean activation ρ [default: 0.05].", HelpName = "ρ" };
        var sparsityWeight = new Option<double?>("--sparsity-weight") { Description = "sparse: the penalty's weight [default: 3 for kl, 0.1 for l1].", HelpName = "w" };
        var noise = new Option<string?>("--noise") { Description = "denoising: the corruption, masking, gaussian or salt-pepper [default: masking].", HelpName = "kind" };
        noise.AcceptOnlyFromAmong(DenoisingAutoencoderKind.Noises);
        var noiseLevel = new Option<double?>("--noise-level")
        {
            Description = "denoising: the fraction of each row corrupted (masking, salt-pepper) or σ (gaussian) [default: 0.25, or 0.1 for gaussian].",
            HelpName = "level",
        };
        var corruptions = new Option<int?>("--corruptions") { Description = "denoising: corrupted copies of each row per step [default: 1].", HelpName = "L" };
        var contractiveWeight = new Option<double?>("--contractive-weight") { Description = "contractive: λ, the weight of ‖∂f/∂x‖²_F [default: 0.1].", HelpName = "λ" };
        var testFraction = new Option<double?>("--test-fraction") { Description = "Fraction of rows held out for testing [default: 0.2].", HelpName = "f" };
        var noHeader = new Option<bool>("--no-header") { Description = "The CSV file's first line is data, not column names." };
        var output = new Option<string>("--out", "-o")
        {
            Description = $"The run directory: checkpoint.json, weights and metrics.jsonl [default: {CommonOptions.DefaultRun}].",
            HelpName = "dir",
            DefaultValueFactory = _ => CommonOptions.DefaultRun,
        };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its checkpoint, bit for bit." };
        Option[] fixedByCheckpoint =
        [
            model, data, latent, hidden, batch, lr, seed, beta, samples, likelihood,
            sparsity, rho, sparsityWeight, noise, noiseLevel, corruptions, contractiveWeight, testFraction, noHeader,
        ];
        var command = new Command("train", "Train a model, checkpointing every epoch; Ctrl-C saves a checkpoint and stops.");
        foreach (var option in fixedByCheckpoint.Concat([epochs, output, resume])) command.Options.Add(option);
        command.SetAction(parse => TrainingSession.Run(new TrainRequest
        {
            Out = parse.GetValue(output)!,
            Resume = parse.GetValue(resume),
            Model = parse.GetValue(model),
            Data = parse.GetValue(data),
            Latent = parse.GetValue(latent),
            Hidden = parse.Given(hidden) ? parse.GetValue(hidden) : null,
            Epochs = parse.GetValue(epochs),
            Batch = parse.GetValue(batch),
            LearningRate = parse.GetValue(lr),
            Seed = parse.GetValue(seed),
            Beta = parse.GetValue(beta),
            Samples = parse.GetValue(samples),
            Likelihood = parse.GetValue(likelihood),
            Sparsity = parse.GetValue(sparsity),
            SparsityTarget = parse.GetValue(rho),
            SparsityWeight = parse.GetValue(sparsityWeight),
            Noise = parse.GetValue(noise),
            NoiseLevel = parse.GetValue(noiseLevel),
            Corruptions = parse.GetValue(corruptions),
            ContractiveWeight = parse.GetValue(contractiveWeight),
            TestFraction = parse.GetValue(testFraction),
            NoHeader = parse.GetValue(noHeader),
            FixedOptionsGiven = [.. fixedByCheckpoint.Where(parse.Given).Select(o => o.Name)],
        }, context));
        return command;
    }
}
