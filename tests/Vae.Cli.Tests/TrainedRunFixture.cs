namespace Vae.Cli.Tests;

/// <summary>One tiny vae trained for 2 epochs on the digits (seed 3), shared by the tests that only read a run.</summary>
public sealed class TrainedRunFixture : IDisposable
{
    private readonly TempDirectory directory = new();

    public TrainedRunFixture()
    {
        var result = CliRunner.Run(["train", .. CliRunner.Tiny("--epochs", "2", "--out", directory.Path)]);
        if (result.ExitCode != 0) throw new InvalidOperationException("training the shared run failed: " + result.Error);
    }

    /// <summary>The run's directory.</summary>
    public string Path => directory.Path;

    public void Dispose() => directory.Dispose();
}
