using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Vae.Cli.Training;
using Vae.Core.Randomness;

namespace Vae.Cli.Commands;

/// <summary><c>vae evaluate</c>: the ELBO and the importance-sampled log-likelihood of a trained run on held-out rows.</summary>
internal static class EvaluateCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var samples = new Option<int>("--samples", "-k")
        {
            Description = "Importance samples K per row for the log-likelihood [default: 100].",
            HelpName = "K",
            DefaultValueFactory = _ => 100,
        };
        var data = CommonOptions.OtherData();
        var maxRows = CommonOptions.MaxRows();
        var seed = CommonOptions.Seed();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of aligned lines." };
        var command = new Command("evaluate", "Test ELBO and importance-sampled log-likelihood (nats per row) of a checkpoint.")
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
            var metrics = run.Model.Evaluate(rows, Rng.Create(parse.GetValue(seed)), k, context.Cancellation);
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
                }
                context.Output.WriteLine(JsonSerializer.Serialize(result));
                return ExitCodes.Success;
            }
            context.Output.WriteLine($"{"model",-16}{run.Configuration.Model.Kind}, epoch {run.Checkpoint.Epoch} ({run.Checkpoint.ManifestPath})");
            context.Output.WriteLine($"{"data",-16}{run.Describe(source, rows)}");
            foreach (var m in metrics)
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{m.Name,-16}{m.Value:F4}{(m.StandardError is { } se ? $" ± {se:F4} (K = {k})" : "")}"));
            return ExitCodes.Success;
        });
        return command;
    }
}
