namespace Vae.Cli.Models;

/// <summary>A named result of an evaluation, in nats per example unless the name says otherwise.</summary>
/// <param name="Name">A snake_case name, as written to <c>metrics.jsonl</c> and <c>--json</c> output.</param>
/// <param name="Value">The value.</param>
/// <param name="StandardError">Its Monte Carlo standard error, when it is an estimate with one.</param>
/// <param name="Detail">A note for the aligned text output (what the number is, how it was made), or null.</param>
/// <param name="PerDimension">A value per latent dimension behind <paramref name="Value"/> (<c>NAME_per_dimension</c> in JSON), or null.</param>
/// <param name="IsCount">Whether the value is a whole count, printed without decimals.</param>
internal sealed record Metric(string Name, double Value, double? StandardError = null, string? Detail = null,
    IReadOnlyList<double>? PerDimension = null, bool IsCount = false);
