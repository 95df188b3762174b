using System.Text.Json;

namespace Vae.Cli.Reproduce;

/// <summary>
/// Training speed against PyTorch, read from <c>results/speed.json</c> under the output folder when a
/// benchmark has written it (reproduce never runs PyTorch itself); otherwise the table says that
/// nothing was measured.
/// </summary>
/// <remarks>
/// The file is one JSON object: <c>{"machine": "…", "rows": [{"task": "…", "vae_ms": 1.23,
/// "pytorch_ms": 0.98}, …]}</c>, times in milliseconds (per training step, say: the task says what
/// was timed). A file that does not have this form stops the reproduction with an error rather than
/// being half-shown.
/// </remarks>
internal sealed class SpeedComparison : IExperiment
{
    /// <summary>Where the benchmark leaves its results, relative to the output folder.</summary>
    public const string File = "results/speed.json";

    /// <inheritdoc />
    public string Name => "training speed against PyTorch";

    /// <inheritdoc />
    public void Run(ExperimentContext context)
    {
        var table = new ResultTable("speed",
            Column.Text("task", "task"),
            Column.Number("Vae (ms)", "vae_ms"),
            Column.Number("PyTorch (ms)", "pytorch_ms"),
            Column.Number("Vae / PyTorch", "ratio"));
        string path = context.Output.PathOf(File);
        if (!System.IO.File.Exists(path))
        {
            table.Add(Cell.Text("not measured in this run"), Cell.Missing(), Cell.Missing(), Cell.Missing());
            table.Notes.Add($"`{File}` is absent: no benchmark against PyTorch has been run into this folder, and `vae reproduce` does not run PyTorch.");
            context.Output.Table(table);
            return;
        }
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        var root = document.RootElement;
        string machine = Text(root, "machine", path);
        if (!root.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() == 0)
            throw new InvalidDataException($"'{path}' needs a non-empty array \"rows\".");
        foreach (var row in rows.EnumerateArray())
        {
            double vae = Positive(row, "vae_ms", path), torch = Positive(row, "pytorch_ms", path);
            table.Add(Cell.Text(Text(row, "task", path)), Cell.Number(vae, 2), Cell.Number(torch, 2), Cell.Number(vae / torch, 2));
        }
        table.Notes.Add($"Measured by the benchmark on {machine} (from `{File}`, not by `vae reproduce`).");
        context.Output.Table(table);
    }

    private static string Text(JsonElement element, string name, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"'{path}': every entry needs a string \"{name}\".");

    private static double Positive(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.GetDouble() > 0
            ? value.GetDouble()
            : throw new InvalidDataException($"'{path}': every row needs a positive number \"{name}\".");
}
