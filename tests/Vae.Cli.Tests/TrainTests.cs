using System.Text.Json;
using Vae.Cli.Training;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Tests;

public class TrainTests
{
    /// <summary>
    /// Two epochs on the digits: two progress lines, a metrics line per epoch, and a checkpoint at epoch
    /// 2 whose weights, loaded into a VAE built here from the same sizes, give exactly the logged test
    /// ELBO on the test split re-made here (Dataset.Split with the run's seed and fraction).
    /// </summary>
    [Fact]
    public void Train_checkpoints_and_logs_each_epoch_and_the_logged_test_elbo_is_that_of_the_saved_weights()
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "2", "--out", dir.Path)]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("training vae on the embedded digits: 1438 training and 359 test rows of 64 features", result.Output);
        Assert.Contains("epoch 1/2  train_loss ", result.Output);
        Assert.Contains("epoch 2/2  train_loss ", result.Output);

        var lines = File.ReadAllLines(Path.Combine(dir.Path, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1, 2], lines.Select(l => l.GetProperty("epoch").GetInt32()));
        Assert.Equal([23, 46], lines.Select(l => l.GetProperty("steps").GetInt32())); // ⌈1438 / 64⌉ = 23 steps an epoch
        Assert.All(lines, l => Assert.True(l.GetProperty("seconds").GetDouble() > 0));
        Assert.All(lines, l => Assert.True(l.GetProperty("train_loss").GetDouble() > 0));

        var checkpoint = Checkpoint.Load(dir.Path);
        Assert.Equal(2, checkpoint.Epoch);
        var vae = new Vae<float>(new VaeOptions<float> { InputSize = 64, LatentSize = 2, HiddenSizes = [8] }, Rng.Create(99));
        checkpoint.LoadParameters(new ParameterSet<float>(vae));
        var test = Digits.Load<float>().Split(0.2, 3).Test;
        var rng = Rng.Create(Seeds.Derive(3, Seeds.Evaluation, 2));
        float elbo = Elbo.Evaluate(vae, new Tape<float>().Constant(test.Features), rng).Elbo.Value.ToScalar();
        Assert.Equal((double)elbo, lines[1].GetProperty("test_elbo").GetDouble());
    }

    [Fact]
    public void Train_help_lists_every_model_kind()
    {
        var result = CliRunner.Run("train", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (string name in new[] { "vae", "beta-vae", "iwae", "cvae", "miwae" }) Assert.Contains(name + " (", result.Output);
        Assert.Contains("--resume", result.Output);
    }

    /// <summary>The live Spectre.Console display runs the same training (its rendering goes to the captured writer).</summary>
    [Fact]
    public void The_interactive_display_trains_the_same_model()
    {
        using var plain = new TempDirectory();
        using var live = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "1", "--out", plain.Path)]).ExitCode);
        var output = new StringWriter();
        int code = Cli.Run(["train", .. CliRunner.Tiny("--epochs", "1", "--out", live.Path)], output, new StringWriter(), CancellationToken.None, interactive: true);
        Assert.Equal(0, code);
        Assert.Contains("epoch 1/1", output.ToString());
        Assert.Equal(File.ReadAllBytes(Checkpoint.Load(plain.Path).WeightsPath), File.ReadAllBytes(Checkpoint.Load(live.Path).WeightsPath));
    }
}
