namespace Vae.Cli.Training;

/// <summary>Generator keys derived from a run's seed for purposes other than training, so they never perturb its stream.</summary>
internal static class Seeds
{
    /// <summary>The purpose of the per-epoch held-out evaluation (index: the epoch).</summary>
    public const uint Evaluation = 1;

    /// <summary>The purpose of the initial weights (index 0).</summary>
    public const uint Initialisation = 2;

    /// <summary>
    /// SplitMix64's output function (Steele, Lea and Flood, OOPSLA 2014) applied to
    /// seed + γ·(purpose·2³² + index + 1), γ = 0x9E3779B97F4A7C15: distinct (purpose, index) pairs give
    /// distinct, well-mixed Philox keys.
    /// </summary>
    public static ulong Derive(ulong seed, uint purpose, uint index)
    {
        ulong z = seed + 0x9E3779B97F4A7C15UL * (((ulong)purpose << 32) + index + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
