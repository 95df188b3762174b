using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vae.Core.Serialization;

namespace Vae.Bench;

/// <summary>
/// The paper's speed table (<c>paper/results/speed.json</c>, read by <c>vae reproduce</c>): a machine line
/// and rows <c>{"task", "vae_ms", "pytorch_ms"}</c>. Each benchmark merges its own rows by task name, so
/// <c>train --paper</c> and <c>loglik --paper</c> fill one table; the file is written atomically.
/// </summary>
internal static class SpeedJson
{
    /// <summary>One measured task: our time and PyTorch's, in milliseconds.</summary>
    public readonly record struct Row(string Task, double VaeMilliseconds, double PyTorchMilliseconds);

    /// <summary>Replaces the rows of <paramref name="path"/> named as in <paramref name="rows"/> (keeping the others, in order) and sets the machine line.</summary>
    /// <exception cref="InvalidDataException">The existing file is not a JSON object with a "rows" array.</exception>
    public static void Merge(string path, IReadOnlyList<Row> rows)
    {
        var kept = new List<JsonNode>();
        if (File.Exists(path))
        {
            var existing = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
            if (existing?["rows"] is not JsonArray old)
                throw new InvalidDataException($"'{path}' is not a speed table (a JSON object with a \"rows\" array); move it away first.");
            var replaced = rows.Select(r => r.Task).ToHashSet(StringComparer.Ordinal);
            kept.AddRange(old.Where(r => r?["task"]?.GetValue<string>() is { } task && !replaced.Contains(task)).Select(r => r!.DeepClone()));
        }
        foreach (var row in rows)
            kept.Add(new JsonObject { ["task"] = row.Task, ["vae_ms"] = Math.Round(row.VaeMilliseconds, 2), ["pytorch_ms"] = Math.Round(row.PyTorchMilliseconds, 2) });
        var document = new JsonObject
        {
            ["machine"] = string.Create(CultureInfo.InvariantCulture, $"{Machine.Cpu()}, {Environment.ProcessorCount} logical cores, {DateTime.UtcNow:yyyy-MM-dd}"),
            ["rows"] = new JsonArray([.. kept]),
        };
        AtomicFile.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"(rows merged into {path})");
    }
}
