using System.Numerics;
using System.Runtime.CompilerServices;

namespace Vae.Core.Kernels;

/// <summary>
/// Blocked GEMM on one set of microkernels <typeparamref name="K"/>: splits C between threads, packs what
/// must be transposed, and walks C in tiles of <c>K.RowBlock</c> rows × one kernel width.
/// </summary>
/// <remarks>
/// k is cut into equal blocks of at most <see cref="PanelBytes"/>/(2V·size) so a B panel stays near L1 and
/// buffers stay bounded; the first block starts each chain from zero or C, later blocks resume it from C.
/// So every element of C is the same fused multiply-add chain p = 0..k-1 whatever the tile, block or
/// thread that computes it (see <see cref="IGemmKernels{T}"/>). Columns are covered by full 2V panels,
/// then at most one 3V/2, V or V/2 panel, then a remainder narrower than V/2 that is computed on a
/// scratch tile from a zero-padded copy of B.
/// </remarks>
internal static unsafe class GemmDriver<T, K>
    where T : unmanaged, IFloatingPointIeee754<T>
    where K : struct, IGemmKernels<T>
{
    /// <summary>
    /// Most bytes of a B panel (k block × 2V), so that it mostly stays in L1 while a column of row blocks
    /// sweeps it: k ≤ 512 stays whole on Vector512. Measured on Zen 5 (48 KiB L1): 32-64 KiB all within
    /// ±3% of each other, while no blocking lost 12% on 128×784 · 784×512 (B rows 2 KiB apart).
    /// </summary>
    private const int PanelBytes = 64 * 1024;

    /// <summary>Bytes of A (packed, or read in place) one row block should span, to stay in L2 across a panel sweep.</summary>
    private const int RowBlockBytes = 512 * 1024;

    /// <summary>Chunks per thread when chunks repack nothing (see <see cref="Multiply"/>).</summary>
    private const int ChunksPerThread = 4;

    /// <summary>Fewest row blocks or V/2 column units in a chunk, so that B or A is still reused across it.</summary>
    private const int MinChunkUnits = 4;

    /// <summary>A packed element costs about this many multiply-adds of kernel time (used to weigh splits).</summary>
    private const long PackCost = 8;

    /// <summary>C (+)= op(A)·op(B) using up to <paramref name="threads"/> threads; arguments as in <see cref="Gemm.Multiply{T}"/>.</summary>
    public static void Multiply(T* a, T* b, T* c, int m, int n, int k, bool ta, bool tb, bool accumulate, int threads)
    {
        int rowUnits = DivUp(m, K.RowBlock), colUnits = DivUp(n, K.Lanes / 2);
        int rowParts = Math.Min(threads, rowUnits), colParts = Math.Min(threads, colUnits);
        if (rowParts <= 1 && colParts <= 1)
        {
            Region(a, b, c, m, n, k, ta, tb, accumulate, 0, m, 0, n);
            return;
        }
        bool splitRows = PartCost(m, n, k, ta, tb, rowParts, splitRows: true) <= PartCost(m, n, k, ta, tb, colParts, splitRows: false);
        int parts = splitRows ? rowParts : colParts;
        // Threads claim chunks as they go, so a thread slowed by other processes does less. Smaller chunks
        // are only used where a chunk packs nothing the others pack too (rows with B read in place,
        // columns with A read in place) and stay at least MinChunkUnits units wide.
        bool repacks = splitRows ? tb : !ta;
        int units = splitRows ? rowUnits : colUnits;
        int chunks = repacks ? parts : Math.Clamp(units / MinChunkUnits, parts, parts * ChunksPerThread);
        GemmJob<T, K>.Run(a, b, c, m, n, k, ta, tb, accumulate, splitRows, parts, chunks);
    }

    /// <summary>The half-open range of part <paramref name="part"/> of <paramref name="parts"/> when <paramref name="total"/> is cut at multiples of <paramref name="unit"/>.</summary>
    public static (int Start, int End) PartRange(int total, int unit, int part, int parts)
    {
        int units = DivUp(total, unit);
        return (Math.Min(total, (int)((long)units * part / parts) * unit), Math.Min(total, (int)((long)units * (part + 1) / parts) * unit));
    }

    /// <summary>Computes the block rows r0..r1-1 × columns c0..c1-1 of C on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Region(T* a, T* b, T* c, int m, int n, int k, bool ta, bool tb, bool accumulate, int r0, int r1, int c0, int c1)
    {
        if (k == 0)
        {
            if (!accumulate)
                for (int i = r0; i < r1; i++) new Span<T>(c + (nint)i * n + c0, c1 - c0).Clear();
            return;
        }
        int mr = K.RowBlock, v = K.Lanes, wide = 2 * v, narrow = v / 2;
        int kBlocks = DivUp(k, PanelBytes / (wide * sizeof(T))), kc = DivUp(k, kBlocks);
        int mc = Math.Min(r1 - r0, Math.Max(mr, RowBlockBytes / (kc * sizeof(T)) / mr * mr));
        nuint packedABytes = ta ? 0 : (nuint)(DivUp(mc, mr) * mr * kc * sizeof(T));
        nuint panelBytes = (nuint)(kc * wide * sizeof(T));
        GemmBuffers.ForCurrentThread(packedABytes, panelBytes, out byte* packedABuffer, out byte* panelBuffer);
        T* packedA = (T*)packedABuffer, panel = (T*)panelBuffer;
        T* tile = stackalloc T[mr * narrow];
        // Rows of B a multiple of 4 KiB apart all map to the same L1 sets, so a panel read in place thrashes
        // L1 (float64 128×784 · 784×512 ran at 87 instead of 114 GFLOP/s): copy such panels first.
        bool criticalStride = (long)n * sizeof(T) % 4096 == 0;

        for (int pc = 0; pc < k; pc += kc)
        {
            int depth = Math.Min(kc, k - pc);
            bool loadC = accumulate || pc > 0; // later k blocks resume the chains stored by earlier ones
            for (int ic = r0; ic < r1; ic += mc)
            {
                int rows = Math.Min(mc, r1 - ic);
                if (!ta) GemmPacking.PackA(a + (nint)ic * k + pc, k, depth, rows, mr, packedA);
                for (int jc = c0; jc < c1;)
                {
                    int left = c1 - jc;
                    int width = left >= wide ? wide : left >= v + narrow ? v + narrow : left >= v ? v : left >= narrow ? narrow : 0;
                    bool remainder = width == 0;
                    int columns = remainder ? left : width;
                    if (remainder) width = narrow;

                    T* bp = b + (nint)pc * n + jc;
                    nint ldb = n;
                    if (tb)
                    {
                        GemmPacking.PackTransposedB(b + (nint)jc * k + pc, k, depth, columns, width, panel);
                        bp = panel;
                        ldb = width;
                    }
                    else if (remainder || criticalStride)
                    {
                        GemmPacking.CopyB(bp, n, depth, columns, width, panel);
                        bp = panel;
                        ldb = width;
                    }

                    for (int i = ic; i < ic + rows; i += mr)
                    {
                        int count = Math.Min(mr, ic + rows - i);
                        T* ap = ta ? a + (nint)pc * m + i : packedA + (nint)(i - ic) * depth;
                        nint lda = ta ? m : mr;
                        T* cp = c + (nint)i * n + jc;
                        if (!remainder)
                        {
                            K.Compute(count, width, ap, lda, bp, ldb, cp, n, depth, loadC);
                            continue;
                        }
                        // Fewer than V/2 columns: run the V/2 kernel on a scratch tile and copy the valid part.
                        for (int r = 0; r < count; r++)
                            for (int j = 0; j < columns; j++)
                                tile[r * width + j] = loadC ? cp[r * (nint)n + j] : T.Zero;
                        K.Compute(count, width, ap, lda, bp, ldb, tile, width, depth, loadC);
                        for (int r = 0; r < count; r++)
                            for (int j = 0; j < columns; j++)
                                cp[r * (nint)n + j] = tile[r * width + j];
                    }
                    jc += columns;
                }
            }
        }
    }

    /// <summary>Estimated multiply-adds (plus packing) of the largest part when splitting rows or columns.</summary>
    private static long PartCost(int m, int n, int k, bool ta, bool tb, int parts, bool splitRows)
    {
        if (parts <= 1) return long.MaxValue;
        int mr = K.RowBlock;
        long largest = 0;
        for (int part = 0; part < parts; part++)
        {
            long cost;
            if (splitRows)
            {
                var (r0, r1) = PartRange(m, mr, part, parts);
                int rows = r1 - r0;
                cost = (long)DivUp(rows, mr) * mr * ColumnCost(n) * k + (tb ? (long)n * k * PackCost : 0) + (ta ? 0 : (long)rows * k * PackCost);
            }
            else
            {
                var (c0, c1) = PartRange(n, K.Lanes / 2, part, parts);
                int cols = c1 - c0;
                cost = (long)DivUp(m, mr) * mr * ColumnCost(cols) * k + (ta ? 0 : (long)m * k * PackCost) + (tb ? (long)cols * k * PackCost : 0);
            }
            largest = Math.Max(largest, cost);
        }
        return largest;
    }

    /// <summary>Column-equivalents of kernel time for a span of columns: narrow panels run below full speed.</summary>
    private static long ColumnCost(int columns)
    {
        int v = K.Lanes, wide = 2 * v;
        long cost = (long)(columns / wide) * wide;
        int left = columns % wide;
        if (left >= v + v / 2) { cost += (v + v / 2) * 5 / 4; left -= v + v / 2; }
        else if (left >= v) { cost += v * 3 / 2; left -= v; }
        else if (left >= v / 2) { cost += v; left -= v / 2; }
        if (left > 0) cost += v * 3 / 2;
        return cost;
    }

    private static int DivUp(int x, int y) => (x + y - 1) / y;
}

/// <summary>
/// A <see cref="GemmDriver{T, K}"/> product cut into chunks along rows or columns of C, which the threads
/// running it claim in order until none is left.
/// </summary>
internal sealed unsafe class GemmJob<T, K> : ParallelJob
    where T : unmanaged, IFloatingPointIeee754<T>
    where K : struct, IGemmKernels<T>
{
    [ThreadStatic] private static GemmJob<T, K>? current;

    private T* a, b, c;
    private int m, n, k, chunks, next;
    private bool ta, tb, accumulate, splitRows;

    /// <summary>Runs the product on <paramref name="threads"/> threads in <paramref name="chunks"/> chunks; the operands stay pinned by the caller throughout.</summary>
    public static void Run(T* a, T* b, T* c, int m, int n, int k, bool ta, bool tb, bool accumulate, bool splitRows, int threads, int chunks)
    {
        var job = current ??= new GemmJob<T, K>();
        job.a = a;
        job.b = b;
        job.c = c;
        (job.m, job.n, job.k, job.chunks, job.next) = (m, n, k, chunks, 0);
        (job.ta, job.tb, job.accumulate, job.splitRows) = (ta, tb, accumulate, splitRows);
        try
        {
            ComputeWorkers.Run(job, threads);
        }
        finally
        {
            job.a = job.b = job.c = null;
        }
    }

    /// <inheritdoc/>
    public override void Execute(int part)
    {
        int chunk;
        while ((chunk = Interlocked.Increment(ref next) - 1) < chunks)
        {
            if (splitRows)
            {
                var (r0, r1) = GemmDriver<T, K>.PartRange(m, K.RowBlock, chunk, chunks);
                if (r0 < r1) GemmDriver<T, K>.Region(a, b, c, m, n, k, ta, tb, accumulate, r0, r1, 0, n);
            }
            else
            {
                var (c0, c1) = GemmDriver<T, K>.PartRange(n, K.Lanes / 2, chunk, chunks);
                if (c0 < c1) GemmDriver<T, K>.Region(a, b, c, m, n, k, ta, tb, accumulate, 0, m, c0, c1);
            }
        }
    }
}
