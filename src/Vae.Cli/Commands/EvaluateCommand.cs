using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vae.Cli.Training;
using Vae.Core.Randomness;

namespace Vae.Cli.Commands;

/// <summary>
/// <c>vae evaluate</c>: a trained run on held-out rows: for the VAE kinds the ELBO, the importance-sampled
/// log-likelihood, the active units and the KL per latent dimension; for the autoencoders the
/// reconstruction error, beside PCA's at the same code size.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var samples = new Option<int>("--samples", "-k")
        {
            Description = "Importance samples K per row for the log-likelihood of a VAE kind [default: 100].",
            HelpName = "K",
            DefaultValueFactory = _ => 100,
        };
        var data = CommonOptions.OtherData();
        var maxRows = CommonOptions.MaxRows();
        var seed = CommonOptions.Seed();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of aligned lines." };
        var command = new Command("evaluate",
            "Evaluate a checkpoint on held-out rows: ELBO, importance-sampled log-likelihood (nats per row), active units and KL per dimension " +
            "(VAE kinds); reconstruction error and PCA's at the same code size (autoencoders).")
        {
            checkpoint, samples, data, maxRows, seed, json,
        };
        command.SetAction(parse =>
        {
            int k = parse.GetValue(samples);
            if (k < 1) throw new UsageException($"--samples must be at least 1; got {k}.");
            var run = TrainedRun.Open(parse.GetValue(checkpoint)!);
            string? source = parse.GetValue(data);
            var rows = run.Rows(source, parse.GetValue(maxRows));
            var metrics = run.Model.Evaluate(rows, run.Data.Train, Rng.Create(parse.GetValue(seed)), k, context.Cancellation);
            if (parse.GetValue(json))
            {
                var result = new Dictionary<string, object>
                {
                    ["checkpoint"] = run.Checkpoint.ManifestPath,
                    ["model"] = run.Configuration.Model.Kind,
                    ["epoch"] = run.Checkpoint.Epoch,
                    ["rows"] = rows.Count,
                    ["samples"] = k,
                };
                foreach (var m in metrics)
                {
                    result[m.Name] = m.Value;
                    if (m.StandardError is { } se) result[m.Name + "_se"] = se;
                    if (m.PerDimension is { } values) result[m.Name + "_per_dimension"] = values;
                }
                context.Output.WriteLine(JsonSerializer.Serialize(result));
                return ExitCodes.Success;
            }
            int width = Math.Max(16, metrics.Max(m => m.Name.Length) + 2);
            context.Output.WriteLine($"{"model".PadRight(width)}{run.Configuration.Model.Kind}, epoch {run.Checkpoint.Epoch} ({run.Checkpoint.ManifestPath})");
            context.Output.WriteLine($"{"data".PadRight(width)}{run.Describe(source, rows)}");
            foreach (var m in metrics) context.Output.WriteLine(Line(m, width, k));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>elbo            -42.1234</c>, with the standard error, the detail and the values per dimension where there are.</summary>
    private static string Line(Models.Metric m, int width, int samples)
    {
        var line = new System.Text.StringBuilder(m.Name.PadRight(width));
        line.Append(m.Value.ToString(m.IsCount ? "F0" : "F4", CultureInfo.InvariantCulture));
        if (m.StandardError is { } se) line.Append(CultureInfo.InvariantCulture, $" ± {se:F4} (K = {samples})");
        if (m.Detail is { } detail) line.Append($"  {detail}");
        if (m.PerDimension is { } values) line.Append(": ").AppendJoin(' ', values.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)));
        return line.ToString();
    }
}
