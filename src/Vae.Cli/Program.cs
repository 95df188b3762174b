namespace Vae.Cli;

/// <summary>The process entry point: wires Ctrl-C to a graceful stop and runs <see cref="Cli"/> on the console.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        // The first Ctrl-C asks the command to stop cleanly (training finishes its step and saves a
        // checkpoint); a second one, while that is under way, terminates the process at once.
        Console.CancelKeyPress += (_, e) =>
        {
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        return Cli.Run(args, Console.Out, Console.Error, cancel.Token, interactive: !Console.IsOutputRedirected);
    }
}
