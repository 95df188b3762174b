using System.Globalization;

namespace Vae.Bench;

/// <summary>One timed log-likelihood estimate: the mean over the images, its Monte Carlo standard error and the seconds it took.</summary>
internal sealed record LogLikelihoodResult(double Mean, double StandardError, double Seconds);

/// <summary>
/// The strict parser of peers/torch_loglik.py's output: one line <c>estimate M se S seconds T images N k K</c>
/// and the <c>peak_rss_kb K</c> line that peers/peak_rss.py adds; anything else is an error naming the line.
/// </summary>
internal static class LogLikelihoodOutput
{
    /// <summary>Parses the peer's output, checking that it used <paramref name="images"/> images and <paramref name="k"/> samples.</summary>
    /// <exception cref="FormatException">A line is not in the format, a count differs, or a line is missing.</exception>
    public static LogLikelihoodResult Parse(string output, string source, int images, int k)
    {
        LogLikelihoodResult? result = null;
        bool peak = false;
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n];
            FormatException Bad(string why) => new($"{source}, output line {n + 1} '{line}': {why}");
            string[] w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (w is ["peak_rss_kb", _] && result is not null && !peak)
            {
                peak = true;
                continue;
            }
            if (w is not ["estimate", var mean, "se", var se, "seconds", var seconds, "images", var imageCount, "k", var samples] || result is not null)
                throw Bad("expected 'estimate M se S seconds T images N k K' once, then 'peak_rss_kb K'");
            double Number(string text, string name) =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw Bad($"{name} '{text}' is not a finite number");
            if (Number(imageCount, "images") != images || Number(samples, "k") != k)
                throw Bad($"expected images {images} and k {k}");
            result = new LogLikelihoodResult(Number(mean, "estimate"), Number(se, "se"), Number(seconds, "seconds"));
        }
        if (result is null || !peak) throw new FormatException($"{source}: expected an 'estimate …' line and a 'peak_rss_kb K' line; got {lines.Length} line(s).");
        return result;
    }
}
