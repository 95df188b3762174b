namespace Vae.Bench;

/// <summary>
/// Runs a PyTorch peer script (peers/*.py) with Debian's /usr/bin/python3 under a given thread setting,
/// through peers/peak_rss.py so that its output ends with the process's peak RSS.
/// </summary>
internal static class PeerProcess
{
    /// <summary>The interpreter that has Debian's python3-torch.</summary>
    public const string Python = "/usr/bin/python3";

    private static string? unavailable;
    private static bool checkedAvailability;

    /// <summary>Why the peers cannot run (no interpreter, or torch does not import), or null when they can.</summary>
    public static string? Unavailable()
    {
        if (checkedAvailability) return unavailable;
        checkedAvailability = true;
        if (!File.Exists(Python)) unavailable = $"{Python} does not exist";
        else
        {
            var probe = ChildProcess.Run(Python, ["-c", "import torch"]);
            if (probe.ExitCode != 0) unavailable = $"torch does not import in {Python}: {LastLine(probe.Error)}";
        }
        return unavailable;
    }

    /// <summary>The path of the peer script <paramref name="name"/> next to this executable.</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "peers", name);

    /// <summary>
    /// Runs the script <paramref name="name"/> with <paramref name="arguments"/> (which carry the torch thread
    /// count in the script's own way) and OPENBLAS_NUM_THREADS from <paramref name="threads"/>; returns its
    /// standard output, which ends with the <c>peak_rss_kb</c> line.
    /// </summary>
    /// <exception cref="InvalidOperationException">The script failed; the message holds the end of its standard error.</exception>
    public static string Run(string name, IReadOnlyList<string> arguments, PeerThreads threads, string? echoPrefix = null)
    {
        var environment = new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = threads.Blas.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var result = ChildProcess.Run(Python, [Script("peak_rss.py"), Script(name), .. arguments], environment, echoPrefix);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{name} ({threads}) exited with code {result.ExitCode}: {LastLine(result.Error)}");
        return result.Output;
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no message)";
}
