namespace Vae.Cli;

/// <summary>Where a command writes, whether it may draw a live progress display, and the signal that asks it to stop.</summary>
/// <param name="Output">Results and progress.</param>
/// <param name="Error">Errors and the interruption notice.</param>
/// <param name="Cancellation">Signalled by Ctrl-C: training finishes its step and saves a checkpoint; other commands stop between chunks.</param>
/// <param name="Interactive">Whether <paramref name="Output"/> is a terminal (a live progress bar) rather than a file or pipe (plain lines).</param>
internal sealed record CliContext(TextWriter Output, TextWriter Error, CancellationToken Cancellation, bool Interactive);
