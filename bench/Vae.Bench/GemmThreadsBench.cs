using System.Diagnostics;
using Vae.Core.Kernels;

namespace Vae.Bench;

/// <summary>
/// Where a second thread starts to pay: times small float products on 1 and 2 threads (forcing the split
/// whatever <see cref="Gemm.ParallelFlops"/> says) and prints the speed-up against 2·m·n·k.
/// </summary>
internal static class GemmThreadsBench
{
    public static int Run()
    {
        var shapes = new List<(int M, int N, int K, bool TA, bool TB)>();
        foreach (int size in new[] { 24, 32, 48, 64, 80, 96, 128 })
        {
            shapes.Add((size, size, size, false, false));
            shapes.Add((size, size, size, false, true));
            shapes.Add((size, size, size, true, false));
        }
        shapes.Add((128, 20, 400, false, false));
        shapes.Add((128, 40, 100, false, false));
        shapes.Add((16, 400, 128, false, false));
        Console.WriteLine("m × n × k (ta,tb)            MFLOP   1 thread µs   2 threads µs   speed-up");
        foreach (var (m, n, k, ta, tb) in shapes)
        {
            var random = new Random(1);
            float[] a = Fill(random, m * k), b = Fill(random, k * n), c = new float[m * n];
            double one = Time(() => Gemm.MultiplyOn<float>(GemmPath.Auto, 1, a, b, c, m, n, k, ta, tb, false));
            double two = Time(() => Gemm.MultiplyOn<float>(GemmPath.Auto, 2, a, b, c, m, n, k, ta, tb, false));
            Console.WriteLine($"{m,4} × {n,4} × {k,4} ({(ta ? 1 : 0)},{(tb ? 1 : 0)}) {2.0 * m * n * k / 1e6,13:F2} {one,13:F2} {two,14:F2} {one / two,10:F2}");
        }
        return 0;
    }

    /// <summary>Median over 21 batches of the mean µs per call, after 0.2 s of warm-up.</summary>
    private static double Time(Action call)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalSeconds < 0.2) { call(); calls++; }
        int perBatch = Math.Max(1, (int)(calls / clock.Elapsed.TotalSeconds * 0.01));
        var micros = new double[21];
        for (int r = 0; r < micros.Length; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++) call();
            micros[r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / perBatch;
        }
        Array.Sort(micros);
        return micros[micros.Length / 2];
    }

    private static float[] Fill(Random random, int size)
    {
        var x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        return x;
    }
}
