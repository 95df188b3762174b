using Vae.Core.Kernels;
using System.CommandLine;
using System.Text.RegularExpressions;
using Vae.Cli.Commands;

namespace Vae.Cli;

/// <summary>
/// The <c>vae</c> command line: <c>train</c>, <c>evaluate</c>, <c>sample</c>, <c>reconstruct</c>, <c>impute</c>, <c>verify</c> and <c>reproduce</c>,
/// callable in-process (the executable's <c>Main</c> is a thin wrapper around <see cref="Run(string[], TextWriter, TextWriter, CancellationToken)"/>).
/// </summary>
/// <remarks>
/// A bad command line or file gives one line on the error writer, <c>vae: error: WHAT</c>, and exit
/// code <see cref="ExitCodes.UsageError"/> (the command line) or <see cref="ExitCodes.RuntimeError"/>
/// (files and everything else); <c>--verbose</c> adds the exception with its stack trace.
/// </remarks>
public static partial class Cli
{
    /// <summary>Runs the command line <paramref name="args"/>, writing results to <paramref name="output"/> and errors to <paramref name="error"/>.</summary>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, CancellationToken.None);

    /// <summary>
    /// Runs <paramref name="args"/>; signalling <paramref name="cancellation"/> acts as Ctrl-C (training
    /// finishes its step, saves a checkpoint and returns <see cref="ExitCodes.Interrupted"/>).
    /// </summary>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation) =>
        Run(args, output, error, cancellation, interactive: false);

    /// <summary>As the public overloads; <paramref name="interactive"/> draws a live progress bar instead of plain lines.</summary>
    internal static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var context = new CliContext(output, error, cancellation, interactive);
        var verbose = new Option<bool>("--verbose") { Description = "On an error, print the exception and its stack trace.", Recursive = true };
        var threads = new Option<int?>("--threads")
        {
            Description = "Threads for the compute kernels (results are bit-identical for any count) [default: all cores].",
            HelpName = "n",
            Recursive = true,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1) result.AddError("--threads must be at least 1");
        });
        var root = new RootCommand("Train, evaluate and use autoencoders and variational autoencoders.") { verbose, threads };
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvaluateCommand.Create(context));
        root.Subcommands.Add(SampleCommand.Create(context));
        root.Subcommands.Add(ReconstructCommand.Create(context));
        root.Subcommands.Add(ImputeCommand.Create(context));
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(ReproduceCommand.Create(context));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            string command = parse.CommandResult.Command == root ? "vae" : "vae " + parse.CommandResult.Command.Name;
            error.WriteLine($"vae: error: {string.Join("; ", parse.Errors.Select(e => OneLine(e.Message).TrimEnd('.')).Distinct())}. (see '{command} --help')");
            return ExitCodes.UsageError;
        }
        int previousThreads = ComputeThreads.Count;
        if (parse.GetValue(threads) is int count) ComputeThreads.Count = count;
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine("vae: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            bool usage = e is UsageException;
            error.WriteLine($"vae: error: {OneLine(e.Message)}");
            if (parse.GetValue(verbose)) error.WriteLine(e.ToString());
            return usage ? ExitCodes.UsageError : ExitCodes.RuntimeError;
        }
        finally
        {
            ComputeThreads.Count = previousThreads;
        }
    }

    /// <summary>
    /// <paramref name="message"/> on one line (every run of white space made a single space), with the
    /// parser's .NET type names (<c>'System.Nullable`1[System.Int32]'</c>) said in words.
    /// </summary>
    private static string OneLine(string message) =>
        TypeName().Replace(string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            m => m.Groups[1].Value switch { "Double" or "Single" => "'number'", "UInt64" => "'non-negative integer'", _ => "'integer'" });

    [GeneratedRegex(@"'System\.(?:Nullable`1\[System\.)?(Int32|UInt64|Int64|Double|Single)\]?'")]
    private static partial Regex TypeName();
}
