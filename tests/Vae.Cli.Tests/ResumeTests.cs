using System.Text.Json;
using Vae.Core.Serialization;

namespace Vae.Cli.Tests;

/// <summary>
/// A run resumed from its checkpoint, after finishing fewer epochs or after an interruption, ends with
/// byte-identical weights and optimiser files and the same logged losses as a run that was never stopped.
/// </summary>
public class ResumeTests
{
    private static void AssertSameRun(string expected, string actual)
    {
        var a = Checkpoint.Load(expected);
        var b = Checkpoint.Load(actual);
        Assert.Equal(a.Progress, b.Progress);
        Assert.Equal(File.ReadAllBytes(a.WeightsPath), File.ReadAllBytes(b.WeightsPath));
        Assert.Equal(File.ReadAllBytes(a.OptimizerPath!), File.ReadAllBytes(b.OptimizerPath!));
        Assert.Equal(a.Rng, b.Rng);
        Assert.Equal(Losses(expected), Losses(actual));
    }

    /// <summary>Each metrics line without its timing (every other field: epoch, losses, held-out metrics, steps).</summary>
    private static List<string> Losses(string directory) =>
        File.ReadAllLines(Path.Combine(directory, "metrics.jsonl")).Select(line =>
            string.Join(' ', JsonDocument.Parse(line).RootElement.EnumerateObject().Where(p => p.Name != "seconds").Select(p => $"{p.Name}={p.Value}"))).ToList();

    [Fact]
    public void Training_on_with_resume_is_bit_identical_to_training_straight_through()
    {
        using var straight = new TempDirectory();
        using var resumed = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "3", "--out", straight.Path)]).ExitCode);
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "1", "--out", resumed.Path)]).ExitCode);
        var result = CliRunner.Run("train", "--resume", "--epochs", "3", "--out", resumed.Path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("resuming vae", result.Output);
        Assert.DoesNotContain("epoch 1/3", result.Output);
        Assert.Contains("epoch 2/3", result.Output);
        AssertSameRun(straight.Path, resumed.Path);

        var again = CliRunner.Run("train", "--resume", "--out", resumed.Path);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already trained for 3 epochs", again.Output);
    }

    /// <summary>Ctrl-C (the token) after epoch 1's line: the run stops before the next step, saves, exits 130, and resumes exactly.</summary>
    [Fact]
    public void An_interrupted_run_saves_a_checkpoint_and_resumes_bit_identically()
    {
        using var straight = new TempDirectory();
        using var interrupted = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "3", "--out", straight.Path)]).ExitCode);
        var stopped = CliRunner.RunCancellingAfter("epoch 1/3", ["train", .. CliRunner.Tiny("--epochs", "3", "--out", interrupted.Path)]);
        Assert.Equal(ExitCodes.Interrupted, stopped.ExitCode);
        Assert.Contains("vae: interrupted after epoch 1; checkpoint saved in", Assert.Single(stopped.ErrorLines));
        Assert.DoesNotContain("epoch 2/3", stopped.Output);
        Assert.Equal(1, Checkpoint.Load(interrupted.Path).Epoch);
        Assert.Equal(0, CliRunner.Run("train", "--resume", "--out", interrupted.Path).ExitCode);
        AssertSameRun(straight.Path, interrupted.Path);
    }

    /// <summary>Cancelled before the first step, the run still leaves a checkpoint of the initial state, which resumes exactly.</summary>
    [Fact]
    public void A_run_interrupted_before_its_first_step_resumes_from_its_initial_state()
    {
        using var straight = new TempDirectory();
        using var interrupted = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "1", "--out", straight.Path)]).ExitCode);
        var stopped = CliRunner.Run(new CancellationToken(canceled: true), ["train", .. CliRunner.Tiny("--epochs", "1", "--out", interrupted.Path)]);
        Assert.Equal(ExitCodes.Interrupted, stopped.ExitCode);
        Assert.Equal(default, Checkpoint.Load(interrupted.Path).Progress);
        Assert.Empty(File.ReadAllLines(Path.Combine(interrupted.Path, "metrics.jsonl")));
        Assert.Equal(0, CliRunner.Run("train", "--resume", "--out", interrupted.Path).ExitCode);
        AssertSameRun(straight.Path, interrupted.Path);
    }

    /// <summary>A crash after an epoch's metrics line but before its checkpoint: resuming drops the orphan line, so no epoch is logged twice.</summary>
    [Fact]
    public void Resuming_drops_metrics_lines_the_checkpoint_does_not_cover()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "1", "--out", dir.Path)]).ExitCode);
        string metrics = Path.Combine(dir.Path, "metrics.jsonl");
        File.AppendAllText(metrics, "{\"epoch\":2,\"train_loss\":1}\n{\"epoch\":3,\"tr");
        Assert.Equal(0, CliRunner.Run("train", "--resume", "--epochs", "2", "--out", dir.Path).ExitCode);
        Assert.Equal([1, 2], File.ReadAllLines(metrics).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("epoch").GetInt32()));
        Assert.True(JsonDocument.Parse(File.ReadAllLines(metrics)[1]).RootElement.TryGetProperty("test_elbo", out _));
    }

    /// <summary>
    /// A denoising autoencoder draws its corruptions (here salt-and-pepper, two copies a row) from the
    /// training generator: resumed after one epoch, or after an interruption, it ends bit for bit where a
    /// straight run does, which it could not if the generator's state were not restored.
    /// </summary>
    [Fact]
    public void A_stochastic_autoencoder_resumes_bit_identically()
    {
        string[] Run(string dir, string epochs) =>
            ["train", "--model", "denoising", "--noise", "salt-pepper", "--noise-level", "0.3", "--corruptions", "2",
                .. CliRunner.Tiny("--epochs", epochs, "--out", dir)];
        using var straight = new TempDirectory();
        using var resumed = new TempDirectory();
        using var interrupted = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(Run(straight.Path, "3")).ExitCode);
        Assert.Equal(0, CliRunner.Run(Run(resumed.Path, "1")).ExitCode);
        var result = CliRunner.Run("train", "--resume", "--epochs", "3", "--out", resumed.Path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("resuming denoising", result.Output);
        AssertSameRun(straight.Path, resumed.Path);
        Assert.Contains("test_reconstruction_error", File.ReadAllText(Path.Combine(resumed.Path, "metrics.jsonl")));

        Assert.Equal(ExitCodes.Interrupted, CliRunner.RunCancellingAfter("epoch 2/3", Run(interrupted.Path, "3")).ExitCode);
        Assert.Equal(2, Checkpoint.Load(interrupted.Path).Epoch);
        Assert.Equal(0, CliRunner.Run("train", "--resume", "--out", interrupted.Path).ExitCode);
        AssertSameRun(straight.Path, interrupted.Path);
    }
}
