using System.Globalization;

namespace Vae.Bench;

/// <summary>One epoch of a training run: its training time, the test loss after it and, for ours, its allocations and collections.</summary>
internal sealed record EpochResult(int Epoch, double Seconds, double TestLoss, TrainingMemory? Memory);

/// <summary>What the training loop of one epoch allocated on its thread and how many collections of each generation ran.</summary>
internal sealed record TrainingMemory(int Steps, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    /// <summary>Bytes allocated per optimiser step.</summary>
    public double BytesPerStep => (double)AllocatedBytes / Steps;
}

/// <summary>A whole training run of one side: its epochs and the process's peak resident set size.</summary>
internal sealed record TrainRun(IReadOnlyList<EpochResult> Epochs, long PeakRssKb);

/// <summary>
/// The line format both training processes print, and its strict parser. The PyTorch peer prints
/// <c>epoch E train_s S test_neg_elbo L</c> per epoch (peers/torch_vae_fmnist.py) and peers/peak_rss.py
/// adds <c>peak_rss_kb K</c>; our worker prints the same with <c>steps N alloc_bytes B gen0 a gen1 b gen2 c</c>
/// appended to each epoch line. Any other line is an error that names it.
/// </summary>
internal static class TrainOutput
{
    /// <summary>Our worker's line for one epoch.</summary>
    public static string Format(EpochResult epoch)
    {
        var m = epoch.Memory ?? throw new ArgumentException("Our epochs carry their memory counts.", nameof(epoch));
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch.Epoch} train_s {epoch.Seconds:F6} test_neg_elbo {epoch.TestLoss:F4} steps {m.Steps} alloc_bytes {m.AllocatedBytes} gen0 {m.Gen0} gen1 {m.Gen1} gen2 {m.Gen2}");
    }

    /// <summary>The peak-RSS line that ends every run's output.</summary>
    public static string FormatPeak(long kiloBytes) => string.Create(CultureInfo.InvariantCulture, $"peak_rss_kb {kiloBytes}");

    /// <summary>Parses the output of <paramref name="source"/>; <paramref name="withMemory"/> when the epoch lines must carry the memory counts (ours).</summary>
    /// <exception cref="FormatException">A line is not in the format, epochs are missing or out of order, or the peak line is absent.</exception>
    public static TrainRun Parse(string output, string source, int epochs, bool withMemory)
    {
        var results = new List<EpochResult>();
        long? peak = null;
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            FormatException Bad(string why) => new($"{source}, output line {n + 1} '{line}': {why}");
            if (words is ["peak_rss_kb", var kb] && peak is null)
            {
                peak = long.TryParse(kb, NumberStyles.Integer, CultureInfo.InvariantCulture, out long k) && k > 0 ? k : throw Bad("the peak is not a positive integer");
                continue;
            }
            if (words.Length < 2 || words[0] != "epoch" || words.Length % 2 != 0)
                throw Bad($"expected 'epoch E train_s S test_neg_elbo L{(withMemory ? " steps N alloc_bytes B gen0 a gen1 b gen2 c" : "")}' or 'peak_rss_kb K' (once, last)");
            if (peak is not null) throw Bad("an epoch after the peak line");
            if (!int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch) || epoch != results.Count + 1)
                throw Bad($"expected epoch {results.Count + 1}");
            var values = new Dictionary<string, double>();
            for (int i = 2; i < words.Length; i += 2)
            {
                if (!double.TryParse(words[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                    throw Bad($"'{words[i]}' has the value '{words[i + 1]}', not a finite number");
                if (!values.TryAdd(words[i], value)) throw Bad($"'{words[i]}' appears twice");
            }
            string[] keys = withMemory
                ? ["train_s", "test_neg_elbo", "steps", "alloc_bytes", "gen0", "gen1", "gen2"]
                : ["train_s", "test_neg_elbo"];
            if (values.Count != keys.Length || keys.Any(k => !values.ContainsKey(k)))
                throw Bad($"expected exactly the fields {string.Join(", ", keys)}");
            var memory = withMemory
                ? new TrainingMemory((int)values["steps"], (long)values["alloc_bytes"], (int)values["gen0"], (int)values["gen1"], (int)values["gen2"])
                : null;
            results.Add(new EpochResult(epoch, values["train_s"], values["test_neg_elbo"], memory));
        }
        if (results.Count != epochs) throw new FormatException($"{source}: {results.Count} epoch lines in its output; expected {epochs}.");
        if (peak is null) throw new FormatException($"{source}: no 'peak_rss_kb K' line at the end of its output.");
        return new TrainRun(results, peak.Value);
    }
}
