namespace Vae.Cli.Models;

/// <summary>A named result of an evaluation, in nats per example unless the name says otherwise.</summary>
/// <param name="Name">A snake_case name, as written to <c>metrics.jsonl</c> and <c>--json</c> output.</param>
/// <param name="Value">The value.</param>
/// <param name="StandardError">Its Monte Carlo standard error, when it is an estimate with one.</param>
internal sealed record Metric(string Name, double Value, double? StandardError = null);
