using System.Globalization;

namespace Vae.Bench;

/// <summary>The peak resident set size of this process: the kernel's high-water mark VmHWM.</summary>
internal static class PeakMemory
{
    /// <summary>VmHWM from /proc/self/status, in kB.</summary>
    /// <exception cref="InvalidOperationException">The file lacks a well-formed VmHWM line (not Linux, say).</exception>
    public static long KiloBytes()
    {
        const string path = "/proc/self/status";
        foreach (string line in File.ReadLines(path))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            string[] parts = line["VmHWM:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb))
                return kb;
            throw new InvalidOperationException($"{path}: unexpected line '{line}' (expected 'VmHWM: <n> kB').");
        }
        throw new InvalidOperationException($"{path} has no VmHWM line.");
    }
}
