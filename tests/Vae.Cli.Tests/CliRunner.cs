namespace Vae.Cli.Tests;

/// <summary>The result of one in-process run of the <c>vae</c> command.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The error text's non-empty lines.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs <see cref="Cli.Run(string[], TextWriter, TextWriter, CancellationToken)"/> with captured writers.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args) => Run(CancellationToken.None, args);

    public static CliResult Run(CancellationToken cancellation, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Run(args, output, error, cancellation);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with an output writer that signals <paramref name="cancel"/> once a line containing <paramref name="trigger"/> is written.</summary>
    public static CliResult RunCancellingAfter(string trigger, params string[] args)
    {
        using var cancel = new CancellationTokenSource();
        var output = new TriggerWriter(trigger, cancel);
        var error = new StringWriter();
        int code = Cli.Run(args, output, error, cancel.Token);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>A run's tiny model options: 2 latent dimensions, 8 hidden units, batches of 64, on the embedded digits.</summary>
    public static string[] Tiny(params string[] more) => ["--latent", "2", "--hidden", "8", "--batch", "64", "--seed", "3", .. more];

    private sealed class TriggerWriter(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(trigger, StringComparison.Ordinal)) cancel.Cancel();
        }
    }
}

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vae-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
