using System.Diagnostics;
using System.Text;

namespace Vae.Bench;

/// <summary>What a child process printed and how it ended.</summary>
internal sealed record ChildResult(int ExitCode, string Output, string Error);

/// <summary>Runs a child process to completion, capturing both streams, with extra environment variables.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="arguments"/>; when <paramref name="echoPrefix"/> is
    /// set, each line of standard output is also echoed to the console as it arrives (progress for long runs).
    /// </summary>
    public static ChildResult Run(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? echoPrefix = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (environment is not null) foreach (var (key, value) in environment) info.Environment[key] = value;
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (echoPrefix is not null) Console.WriteLine($"{echoPrefix}{e.Data}");
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (error) error.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return new ChildResult(process.ExitCode, output.ToString(), error.ToString());
    }

    /// <summary>This benchmark's own executable and the arguments that precede a subcommand (the .dll when run through <c>dotnet</c>).</summary>
    public static (string File, string[] Prefix) Self()
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        string assembly = typeof(ChildProcess).Assembly.Location;
        bool throughDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        return throughDotnet ? (host, [assembly]) : (host, []);
    }
}
