namespace Vae.Core.Kernels;

/// <summary>
/// An element-wise kernel over elements [0, length) that runs as contiguous blocks on up to
/// <see cref="ComputeThreads.Count"/> threads: each element's result depends on that element alone, so
/// any split gives bit-identical output.
/// </summary>
/// <remarks>
/// Subclasses hold the operands in fields (set before <see cref="Run"/>, cleared after) and are kept
/// by their users (one per thread, or one per owner that is itself single-threaded, as an optimiser),
/// so a call allocates nothing. Blocks start at multiples of 64
/// elements, keeping vector loads aligned as in the one-thread case.
/// </remarks>
internal abstract class BlockJob : ParallelJob
{
    /// <summary>Below this many elements a kernel runs on the calling thread alone (a hand-off costs about a microsecond).</summary>
    public const int ParallelLength = 1 << 14;

    private const int Alignment = 64;
    private int length, parts;

    /// <summary>Processes elements [start, start + count).</summary>
    protected abstract void Execute(int start, int count);

    /// <summary>Runs the kernel over [0, <paramref name="elements"/>) and returns when every block is done.</summary>
    protected void Run(int elements)
    {
        length = elements;
        parts = elements >= ParallelLength ? ComputeThreads.Count : 1;
        ComputeWorkers.Run(this, parts);
    }

    /// <inheritdoc />
    public sealed override void Execute(int part)
    {
        int start = Boundary(part), end = Boundary(part + 1);
        if (end > start) Execute(start, end - start);
    }

    private int Boundary(int part) =>
        part >= parts ? length : (int)Math.Min(length, (long)length * part / parts / Alignment * Alignment);
}
