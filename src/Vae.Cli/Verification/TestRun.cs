using System.Diagnostics;
using System.Globalization;

namespace Vae.Cli.Verification;

/// <summary>Runs one test project with <c>dotnet test</c> and reads its results from a TRX report.</summary>
internal static class TestRun
{
    /// <summary>The environment variable the property runners read for the number of cases.</summary>
    public const string CasesVariable = "VAE_PROPERTY_CASES";

    /// <summary>The environment variable the property runners read for the seed.</summary>
    public const string SeedVariable = "VAE_PROPERTY_SEED";

    /// <summary>
    /// The <c>dotnet test</c> process for <paramref name="request"/>, writing its TRX report as
    /// <paramref name="report"/>: the property variables set as requested and removed otherwise (so an
    /// inherited value cannot change the run), MSBuild node reuse off (no build server outlives the run).
    /// </summary>
    public static ProcessStartInfo StartInfo(VerifyRequest request, string report)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(request.Project)!,
        };
        string[] arguments =
        [
            "test", request.Project, "--configuration", request.Configuration, "--nologo", "--verbosity", "quiet",
            "--logger", $"trx;LogFileName={Path.GetFileName(report)}", "--results-directory", Path.GetDirectoryName(report)!,
        ];
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        if (request.Filter is { } filter)
        {
            start.ArgumentList.Add("--filter");
            start.ArgumentList.Add(filter);
        }
        Set(start, CasesVariable, request.Cases?.ToString(CultureInfo.InvariantCulture));
        Set(start, SeedVariable, request.Seed?.ToString(CultureInfo.InvariantCulture));
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        return start;
    }

    /// <summary>
    /// Runs <paramref name="request"/>, passing each line it prints to <paramref name="output"/>; returns the
    /// test outcomes. Cancellation kills the process tree and throws.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>dotnet test</c> failed without writing a report (a build error, say).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was signalled.</exception>
    public static IReadOnlyList<TestOutcome> Run(VerifyRequest request, TextWriter output, CancellationToken cancellation)
    {
        string directory = Path.Combine(Path.GetTempPath(), "vae-verify-" + Guid.NewGuid().ToString("N"));
        string report = Path.Combine(directory, Repository.NameOf(request.Project) + ".trx");
        try
        {
            using var process = new Process { StartInfo = StartInfo(request, report) };
            var gate = new object();
            void Forward(object _, DataReceivedEventArgs e)
            {
                // The report is read and deleted here, so its path would only mislead.
                if (e.Data is null || e.Data.StartsWith("Results File:", StringComparison.Ordinal)) return;
                lock (gate) output.WriteLine(e.Data);
            }
            process.OutputDataReceived += Forward;
            process.ErrorDataReceived += Forward;
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using (cancellation.Register(() => Kill(process))) process.WaitForExit();
            cancellation.ThrowIfCancellationRequested();
            if (!File.Exists(report))
                throw new InvalidOperationException(
                    $"dotnet test of '{request.Project}' exited with code {process.ExitCode} before running tests (see its output above).");
            return TrxReport.Read(report);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static void Set(ProcessStartInfo start, string name, string? value)
    {
        if (value is null) start.Environment.Remove(name);
        else start.Environment[name] = value;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }
}
