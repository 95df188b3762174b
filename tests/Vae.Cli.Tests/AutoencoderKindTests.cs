using System.Globalization;
using System.Text.Json;
using Vae.Cli.Models;
using Vae.Cli.Training;
using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Serialization;

namespace Vae.Cli.Tests;

/// <summary>
/// The autoencoder kinds: each trains, checkpoints its own settings and logs the test reconstruction
/// error of its saved weights; their objectives are the library's; evaluate compares with PCA.
/// </summary>
public class AutoencoderKindTests
{
    private static readonly Dataset<float> Digits = Core.Data.Digits.Load<float>();

    private static JsonElement Settings(string directory) => Checkpoint.Load(directory).Configuration.GetProperty("model");

    /// <summary>
    /// An autoencoder built here with the library's classes from the sizes the kind documents (ReLU hidden
    /// layers, the kind's code activation, a linear decoder output): loading the checkpoint into it
    /// checks the architecture and the parameter names.
    /// </summary>
    private static AutoencoderBase<float> LibraryModel(string kind, ActivationKind code, ReconstructionLoss loss)
    {
        var rng = Rng.Create(99);
        DenseNetwork<float> Encoder() => new([64, 8, 2], ActivationKind.Relu, code, rng);
        DenseNetwork<float> Decoder() => new([2, 8, 64], ActivationKind.Relu, ActivationKind.Identity, rng);
        return kind switch
        {
            "ae" => new Autoencoder<float>(Encoder(), Decoder(), loss),
            "linear" => new LinearAutoencoder<float>(64, 2, rng),
            "sparse" => new SparseAutoencoder<float>(Encoder(), Decoder(), loss, SparsityPenalty.KlDivergence(0.05, 3)),
            "denoising" => new DenoisingAutoencoder<float>(Encoder(), Decoder(), loss, Corruption.Masking(0.25)),
            _ => new ContractiveAutoencoder<float>(Encoder(), Decoder(), loss, 0.1),
        };
    }

    /// <summary>
    /// One epoch of each kind with its defaults on the digits: the recorded settings, and a logged
    /// test_reconstruction_error equal (exactly: the same float reconstructions summed in double in the same
    /// order) to the library's <see cref="IReconstructor{T}.ReconstructionError"/> of the saved weights on the
    /// test split re-made here.
    /// </summary>
    [Theory]
    [InlineData("ae", "identity", "bernoulli")]
    [InlineData("linear", "identity", "gaussian")]
    [InlineData("sparse", "sigmoid", "bernoulli")]
    [InlineData("denoising", "identity", "bernoulli")]
    [InlineData("contractive", "sigmoid", "bernoulli")]
    public void Each_kind_logs_the_test_reconstruction_error_of_its_saved_weights(string kind, string code, string likelihood)
    {
        using var dir = new TempDirectory();
        string[] hidden = kind == "linear" ? [] : ["--hidden", "8"];
        var result = CliRunner.Run(["train", "--model", kind, "--latent", "2", .. hidden, "--batch", "64", "--seed", "3", "--epochs", "1", "--out", dir.Path]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"training {kind} on the embedded digits", result.Output);
        var settings = Settings(dir.Path);
        Assert.Equal(kind, settings.GetProperty("kind").GetString());
        Assert.Equal(code, settings.GetProperty("codeActivation").GetString());
        Assert.Equal(likelihood, settings.GetProperty("likelihood").GetString());

        var model = LibraryModel(kind, code == "sigmoid" ? ActivationKind.Sigmoid : ActivationKind.Identity,
            likelihood == "bernoulli" ? ReconstructionLoss.BernoulliCrossEntropy : ReconstructionLoss.SquaredError);
        Checkpoint.Load(dir.Path).LoadParameters(new ParameterSet<float>(model));
        var test = Digits.Split(0.2, 3).Test.Features;
        var line = JsonDocument.Parse(File.ReadAllLines(Path.Combine(dir.Path, "metrics.jsonl")).Single()).RootElement;
        Assert.Equal(model.ReconstructionError(test), line.GetProperty("test_reconstruction_error").GetDouble());
    }

    [Fact]
    public void The_kinds_record_their_options()
    {
        using var dir = new TempDirectory();
        string[] tiny = ["--latent", "2", "--hidden", "8", "--batch", "64", "--epochs", "1"];
        Assert.Equal(0, CliRunner.Run(["train", "--model", "sparse", "--sparsity", "l1", "--sparsity-weight", "0.5", .. tiny, "--out", dir.File("s")]).ExitCode);
        var sparse = Settings(dir.File("s"));
        Assert.Equal(("l1", 0.5, "relu"), (sparse.GetProperty("sparsity").GetString(), sparse.GetProperty("sparsityWeight").GetDouble(),
            sparse.GetProperty("codeActivation").GetString()));
        Assert.False(sparse.TryGetProperty("sparsityTarget", out _));

        Assert.Equal(0, CliRunner.Run(["train", "--model", "denoising", "--noise", "salt-pepper", "--noise-level", "0.1", "--corruptions", "2", .. tiny,
            "--out", dir.File("d")]).ExitCode);
        var denoising = Settings(dir.File("d"));
        Assert.Equal(("salt-pepper", 0.1, 2), (denoising.GetProperty("noise").GetString(), denoising.GetProperty("noiseLevel").GetDouble(),
            denoising.GetProperty("corruptions").GetInt32()));

        Assert.Equal(0, CliRunner.Run(["train", "--model", "contractive", "--contractive-weight", "0.25", .. tiny, "--out", dir.File("c")]).ExitCode);
        Assert.Equal(0.25, Settings(dir.File("c")).GetProperty("contractiveWeight").GetDouble());

        // The VAE kinds' configurations carry none of the autoencoder fields.
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "1", "--out", dir.File("v"))]).ExitCode);
        Assert.False(Settings(dir.File("v")).TryGetProperty("codeActivation", out _));
    }

    /// <summary>
    /// The training loss of each penalised kind is the library's objective assembled here from its parts:
    /// the reconstruction term plus the weighted penalty (sparse, contractive), or the reconstruction of the
    /// corrupted batch drawn from the same generator (denoising, L = 2).
    /// </summary>
    [Fact]
    public void The_training_losses_are_the_reconstruction_terms_plus_the_weighted_penalties()
    {
        var info = new DataInfo(64, true, false, 10, "bernoulli");
        var batch = Digits.Select([.. Enumerable.Range(0, 16)]);
        var x = batch.Features;
        void Loss(string kind, ModelRequest request, Func<AutoencoderBase<float>, Tape<float>, float> expected)
        {
            var model = (AutoencoderModel)ModelCatalog.Get(kind).Build(ModelCatalog.Get(kind).Configure(request, info), Rng.Create(5));
            var tape = new Tape<float>();
            float actual = model.Loss(tape, Batch<float>.FromFeatures(x), Rng.Create(8)).Value.ToScalar();
            Assert.Equal(expected(model.Autoencoder, new Tape<float>()), actual);
        }

        var request = new ModelRequest(3, [8], null, null, null);
        Loss("sparse", request with { SparsityWeight = 2, SparsityTarget = 0.2 }, (ae, tape) =>
        {
            var input = tape.Constant(x);
            var code = ae.Encode(input);
            return Ops.Add(ReconstructionLosses.BernoulliCrossEntropy(ae.Decode(code), input), Ops.Scale(Sparsity.KlDivergence(code, 0.2), 2f)).Value.ToScalar();
        });
        Loss("sparse", request with { Sparsity = "l1", SparsityWeight = 0.5 }, (ae, tape) =>
        {
            var input = tape.Constant(x);
            var code = ae.Encode(input);
            return Ops.Add(ReconstructionLosses.BernoulliCrossEntropy(ae.Decode(code), input), Ops.Scale(Sparsity.L1(code), 0.5f)).Value.ToScalar();
        });
        Loss("contractive", request with { ContractiveWeight = 0.3 }, (ae, tape) =>
        {
            var input = tape.Constant(x);
            var terms = ContractivePenalty.Evaluate(((ContractiveAutoencoder<float>)ae).DenseEncoder, input);
            return Ops.Add(ReconstructionLosses.BernoulliCrossEntropy(ae.Decode(terms.Code), input), Ops.Scale(terms.Penalty, 0.3f)).Value.ToScalar();
        });
        Loss("denoising", request with { Noise = "gaussian", NoiseLevel = 0.2, Corruptions = 2 }, (ae, tape) =>
        {
            // Copy l of the stacked batch is x + 0.2·ε with ε drawn copy by copy from the same generator.
            var rng = Rng.Create(8);
            var noise = Corruption.Gaussian(0.2);
            var stacked = new Core.Tensors.Tensor<float>(new Core.Tensors.Shape(32, 64));
            var clean = new Core.Tensors.Tensor<float>(new Core.Tensors.Shape(32, 64));
            for (int l = 0; l < 2; l++)
            {
                noise.Apply(x, rng).ReadOnlySpan.CopyTo(stacked.Span[(l * x.Size)..]);
                x.ReadOnlySpan.CopyTo(clean.Span[(l * x.Size)..]);
            }
            return ReconstructionLosses.BernoulliCrossEntropy(ae.Decode(ae.Encode(tape.Constant(stacked))), tape.Constant(clean)).Value.ToScalar();
        });
    }

    /// <summary>
    /// evaluate on an autoencoder: the reconstruction error of the checkpoint on the test split and, as a
    /// reference, that of the library's PCA with as many components as the code, fit on the 1438
    /// training rows (all of them, being fewer than the 5000 the reference uses at most).
    /// </summary>
    [Fact]
    public void Evaluate_reports_the_reconstruction_error_beside_pca_s_at_the_code_size()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", "--model", "ae", .. CliRunner.Tiny("--epochs", "1", "--out", dir.Path)]).ExitCode);
        var result = CliRunner.Run("evaluate", "-c", dir.Path, "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        var split = Digits.Split(0.2, 3);
        var model = LibraryModel("ae", ActivationKind.Identity, ReconstructionLoss.BernoulliCrossEntropy);
        Checkpoint.Load(dir.Path).LoadParameters(new ParameterSet<float>(model));
        Assert.Equal(model.ReconstructionError(split.Test.Features), json.GetProperty("reconstruction_error").GetDouble());
        Assert.Equal(Pca<float>.Fit(split.Train.Features, 2).ReconstructionError(split.Test.Features), json.GetProperty("pca_reconstruction_error").GetDouble());
        Assert.False(json.TryGetProperty("elbo", out _));

        var text = CliRunner.Run("evaluate", "-c", dir.Path);
        Assert.Matches(@"reconstruction_error\s+\d+\.\d{4}  mean over rows of ‖x̂ − x‖²", text.Output);
        Assert.Contains("PCA with 2 components fit on the 1438 training rows", text.Output);
    }

    /// <summary>reconstruct is the library's Reconstruct (decoder output through σ for the cross-entropy loss) of the test rows.</summary>
    [Fact]
    public void Reconstruct_writes_the_autoencoder_s_reconstructions_and_sample_and_impute_are_refused()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", "--model", "denoising", .. CliRunner.Tiny("--epochs", "1", "--out", dir.Path)]).ExitCode);
        var result = CliRunner.Run("reconstruct", "-c", dir.Path, "--max-rows", "4");
        Assert.Equal(0, result.ExitCode);
        var values = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..]
            .SelectMany(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        var model = LibraryModel("denoising", ActivationKind.Identity, ReconstructionLoss.BernoulliCrossEntropy);
        Checkpoint.Load(dir.Path).LoadParameters(new ParameterSet<float>(model));
        Assert.Equal(model.Reconstruct(Digits.Split(0.2, 3).Test.Select([0, 1, 2, 3]).Features).ToArray(), values);

        var sample = CliRunner.Run("sample", "-c", dir.Path);
        Assert.Equal(2, sample.ExitCode);
        Assert.Contains("cannot sample from the denoising model: it is a deterministic autoencoder", Assert.Single(sample.ErrorLines));
        string csv = dir.File("in.csv");
        File.WriteAllLines(csv, [string.Join(',', Enumerable.Range(0, 64).Select(i => $"x{i}")), string.Join(',', Enumerable.Repeat("", 64))]);
        var impute = CliRunner.Run("impute", "-c", dir.Path, "-i", csv, "-o", dir.File("out.csv"));
        Assert.Equal(2, impute.ExitCode);
        Assert.Contains("cannot impute with the denoising model", Assert.Single(impute.ErrorLines));
    }

    [Theory]
    [InlineData(new[] { "--model", "ae", "--sparsity", "l1" }, "--sparsity is not an option of the ae model.")]
    [InlineData(new[] { "--model", "vae", "--noise", "gaussian" }, "--noise is not an option of the vae model.")]
    [InlineData(new[] { "--model", "sparse", "--beta", "2" }, "--beta is not an option of the sparse model.")]
    [InlineData(new[] { "--model", "denoising", "--samples", "2" }, "--samples is not an option of the denoising model.")]
    [InlineData(new[] { "--model", "denoising", "--contractive-weight", "1" }, "--contractive-weight is not an option of the denoising model.")]
    [InlineData(new[] { "--model", "sparse", "--sparsity", "l1", "--rho", "0.1" }, "--rho applies to --sparsity kl only.")]
    [InlineData(new[] { "--model", "sparse", "--rho", "1" }, "--rho must lie strictly between 0 and 1; got 1.")]
    [InlineData(new[] { "--model", "sparse", "--sparsity-weight", "-1" }, "--sparsity-weight must be finite and >= 0; got -1.")]
    [InlineData(new[] { "--model", "sparse", "--sparsity", "l2" }, "Argument 'l2' not recognized. Must be one of: 'kl' 'l1'")]
    [InlineData(new[] { "--model", "denoising", "--noise", "pink" }, "Argument 'pink' not recognized. Must be one of: 'masking' 'gaussian' 'salt-pepper'")]
    [InlineData(new[] { "--model", "denoising", "--noise-level", "1.5" }, "--noise-level of masking noise is a fraction of each row and must lie in [0, 1]; got 1.5.")]
    [InlineData(new[] { "--model", "denoising", "--noise", "gaussian", "--noise-level", "-0.1" }, "--noise-level must be finite and >= 0; got -0.1.")]
    [InlineData(new[] { "--model", "denoising", "--corruptions", "0" }, "--corruptions must be at least 1; got 0.")]
    [InlineData(new[] { "--model", "contractive", "--contractive-weight", "-2" }, "--contractive-weight must be finite and >= 0; got -2.")]
    [InlineData(new[] { "--model", "linear", "--hidden", "8" }, "--hidden is not an option of the linear model: it has no hidden layers.")]
    [InlineData(new[] { "--model", "linear", "--likelihood", "bernoulli" }, "--likelihood bernoulli is not a loss of the linear model, which uses squared error (gaussian) only.")]
    public void Bad_autoencoder_options_are_usage_errors(string[] args, string expected)
    {
        var result = CliRunner.Run(["train", .. args, "--out", Path.Combine(Path.GetTempPath(), "vae-cli-tests-never-" + Guid.NewGuid().ToString("N"))]);
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public void Autoencoders_refuse_data_they_cannot_model()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("data.csv");
        File.WriteAllLines(csv, ["a,b", "1,2", "3,", "5,7", "2,1", "4,4"]);
        var missing = CliRunner.Run("train", "--model", "ae", "--data", csv, "--out", dir.File("r"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("the ae model cannot train on data with missing values (it would read them as zeros); use miwae.", missing.Error);

        File.WriteAllLines(csv, ["a,b", "1,2", "3,1", "5,7", "2,1", "4,4"]);
        var saltPepper = CliRunner.Run("train", "--model", "denoising", "--noise", "salt-pepper", "--data", csv, "--out", dir.File("r"));
        Assert.Equal(2, saltPepper.ExitCode);
        Assert.Contains("--noise salt-pepper sets values to 0 or 1 and needs data in [0, 1]", saltPepper.Error);
    }

    [Fact]
    public void Train_help_lists_the_autoencoder_kinds_and_their_options()
    {
        var result = CliRunner.Run("train", "--help");
        foreach (string name in new[] { "ae", "linear", "sparse", "denoising", "contractive" }) Assert.Contains(name + " (", result.Output);
        foreach (string option in new[] { "--sparsity", "--rho", "--sparsity-weight", "--noise", "--noise-level", "--corruptions", "--contractive-weight" })
            Assert.Contains(option, result.Output);
    }
}
