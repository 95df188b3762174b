using System.Globalization;

namespace Vae.Bench;

/// <summary>A one-line description of the machine a benchmark ran on, with its load (this machine is shared: the load says how noisy the timings are).</summary>
internal static class Machine
{
    /// <summary>The CPU model, the logical cores and the 1/5/15-minute load averages.</summary>
    public static string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cpu()}, {Environment.ProcessorCount} logical cores, load average {Load()}");

    /// <summary>The CPU model from /proc/cpuinfo.</summary>
    public static string Cpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    /// <summary>The load averages from /proc/loadavg ("?" where unreadable).</summary>
    public static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "?";
}
