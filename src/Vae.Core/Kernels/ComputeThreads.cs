namespace Vae.Core.Kernels;

/// <summary>The number of threads compute kernels such as <see cref="Gemm"/> may use: the library's only process-wide setting.</summary>
/// <remarks>
/// Kernels split large products across this many threads (the calling thread plus persistent workers that
/// spin briefly after each job and then block, so an idle process uses no CPU). Results do not depend on
/// the setting: every kernel fixes its summation order independently of the split, so outputs are
/// bit-identical for any thread count.
/// </remarks>
public static class ComputeThreads
{
    private static volatile int count = Environment.ProcessorCount;

    /// <summary>
    /// Threads to use, including the caller. Defaults to <see cref="Environment.ProcessorCount"/>; values
    /// set are clamped to 1..<see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public static int Count
    {
        get => count;
        set => count = Math.Clamp(value, 1, Environment.ProcessorCount);
    }
}
