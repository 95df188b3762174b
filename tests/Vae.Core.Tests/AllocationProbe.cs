namespace Vae.Core.Tests;

/// <summary>Measures managed allocation of a piece of code on the current thread.</summary>
public static class AllocationProbe
{
    /// <summary>
    /// The fewest bytes <paramref name="action"/> allocated over <paramref name="rounds"/> runs. The
    /// runtime itself now and then allocates on the thread (tiered compilation, on-stack replacement),
    /// so a single measurement can be noisy upwards; code that allocates does so in every round.
    /// </summary>
    public static long Quietest(Action action, int rounds = 3)
    {
        long fewest = long.MaxValue;
        for (int i = 0; i < rounds; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
