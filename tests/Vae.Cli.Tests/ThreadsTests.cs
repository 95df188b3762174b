using Vae.Core.Serialization;

namespace Vae.Cli.Tests;

public class ThreadsTests
{
    /// <summary>
    /// The kernels fix their summation order independently of how work is split, so one and two threads
    /// must give the same bytes. The hidden width of 256 puts the batch's products (128 × 64 × 256, about
    /// 4 MFLOP) above the size at which the matrix multiply uses a second thread.
    /// </summary>
    [Fact]
    public void One_and_two_threads_train_bit_identical_weights()
    {
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        string[] common = ["train", "--epochs", "1", "--latent", "4", "--hidden", "256", "--batch", "128", "--seed", "5"];
        Assert.Equal(0, CliRunner.Run([.. common, "--threads", "1", "--out", one.Path]).ExitCode);
        Assert.Equal(0, CliRunner.Run([.. common, "--threads", "2", "--out", two.Path]).ExitCode);
        Assert.Equal(File.ReadAllBytes(Checkpoint.Load(one.Path).WeightsPath), File.ReadAllBytes(Checkpoint.Load(two.Path).WeightsPath));
    }

    [Fact]
    public void Zero_threads_is_a_usage_error()
    {
        var result = CliRunner.Run("train", "--threads", "0");
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("--threads must be at least 1", result.Error);
    }
}
