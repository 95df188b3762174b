using System.Text;
using System.Text.Json;
using Vae.Cli.Models;
using Vae.Core.Serialization;
using Vae.Core.Training;

namespace Vae.Cli.Output;

/// <summary>
/// <c>metrics.jsonl</c> in a run's directory: one JSON object per epoch, e.g.
/// <c>{"epoch":3,"train_loss":41.2,"test_elbo":-42.0,"seconds":0.8,"steps":69}</c>, non-finite values as null.
/// </summary>
/// <remarks>
/// A line is appended before the epoch's checkpoint is written, so after a crash the log may hold
/// epochs the checkpoint does not; <see cref="KeepThrough"/> drops them (and any partial line) when a
/// run resumes, so the log never holds an epoch twice.
/// </remarks>
internal sealed class MetricsLog(string directory)
{
    /// <summary>The log's file name in a run's directory.</summary>
    public const string FileName = "metrics.jsonl";

    /// <summary>The log file.</summary>
    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    /// <summary>Empties the log (a new run).</summary>
    public void Clear() => AtomicFile.WriteAllBytes(Path, Array.Empty<byte>());

    /// <summary>Keeps the lines of epochs 1 to <paramref name="epoch"/> only (a resumed run).</summary>
    public void KeepThrough(int epoch)
    {
        if (!File.Exists(Path))
        {
            Clear();
            return;
        }
        var kept = new StringBuilder();
        foreach (string line in File.ReadLines(Path))
            if (EpochOf(line) is { } e && e <= epoch) kept.Append(line).Append('\n');
        AtomicFile.WriteAllBytes(Path, Encoding.UTF8.GetBytes(kept.ToString()));
    }

    /// <summary>Appends the line of <paramref name="report"/>'s epoch with <paramref name="metrics"/>.</summary>
    public void Append(EpochReport report, IReadOnlyList<Metric> metrics)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("epoch", report.Epoch);
            Number(w, "train_loss", report.Loss);
            foreach (var m in metrics) Number(w, m.Name, m.Value);
            Number(w, "seconds", report.Seconds);
            w.WriteNumber("steps", report.Steps);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        using var file = new FileStream(Path, FileMode.Append, FileAccess.Write);
        file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
        file.Flush(flushToDisk: true);
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    private static int? EpochOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("epoch", out var e) && e.TryGetInt32(out int epoch) ? epoch : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
