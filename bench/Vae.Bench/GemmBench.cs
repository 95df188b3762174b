using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vae.Core.Kernels;

namespace Vae.Bench;

/// <summary>
/// GFLOP/s of <see cref="Gemm.Multiply{T}"/> (float) on the VAE's products at batch 128, for 1 and 2
/// threads, side by side with torch.mm on OpenBLAS (peers/torch_mm.py) when /usr/bin/python3 has torch.
/// </summary>
internal static class GemmBench
{
    /// <summary>One product: C (m×n) = op(A)·op(B) with inner dimension k.</summary>
    internal sealed record Case(string Name, int M, int N, int K, bool TransposeA, bool TransposeB);

    private const int Batch = 128;

    /// <summary>Timed batches per case: many short ones, so that some fall between other processes' bursts on a shared machine.</summary>
    internal const int Batches = 31;

    /// <summary>Forward Y = X·W for each layer (X batch×in, W in×out), then its two gradient products.</summary>
    internal static IReadOnlyList<Case> Cases()
    {
        var cases = new List<Case>();
        foreach (var (input, output) in new[] { (784, 400), (400, 784), (784, 512), (400, 40) })
        {
            cases.Add(new($"X·W     {Batch}x{input} · {input}x{output}", Batch, output, input, false, false));
            cases.Add(new($"Ȳ·Wᵀ    {Batch}x{output} · ({input}x{output})ᵀ", Batch, input, output, false, true));
            cases.Add(new($"Xᵀ·Ȳ    ({Batch}x{input})ᵀ · {Batch}x{output}", input, output, Batch, true, false));
        }
        return cases;
    }

    public static int Run(string[] args)
    {
        useDouble = args.Contains("--double");
        bool peer = !args.Contains("--no-peer") && !useDouble;
        int[] threads = Option(args, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        double seconds = double.Parse(Option(args, "--seconds-per-case", "0.6"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(Option(args, "--rounds", "1"), CultureInfo.InvariantCulture);
        var cases = Cases();

        Console.WriteLine($"GEMM {(useDouble ? "float64" : "float32")}, {Environment.ProcessorCount} logical cores, path {(useDouble ? Gemm.AutoPath<double>() : Gemm.AutoPath<float>())}; best and median GFLOP/s of {Batches} timed batches.");
        WarmUp(cases, TimeSpan.FromSeconds(2));
        // On a shared machine other processes only ever slow a run down, so with several rounds (ours,
        // then torch, alternating) each cell keeps its best and its highest median.
        var ours = new Dictionary<(string, int), (double Best, double Median)>();
        Dictionary<(string, int), (double Best, double Median)>? torch = null;
        for (int round = 0; round < rounds; round++)
        {
            foreach (int t in threads)
                foreach (var c in cases)
                    Keep(ours, (c.Name, t), Measure(c, t, seconds));
            var peerRound = peer ? TorchResults(cases, threads) : null;
            if (peerRound is null) continue;
            torch ??= [];
            foreach (var (key, value) in peerRound) Keep(torch, key, value);
        }
        PrintTable(cases, threads, ours, torch, rounds);
        return 0;
    }

    private static void Keep(Dictionary<(string, int), (double Best, double Median)> cells, (string, int) key, (double Best, double Median) value) =>
        cells[key] = cells.TryGetValue(key, out var old) ? (Math.Max(old.Best, value.Best), Math.Max(old.Median, value.Median)) : value;

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>Set by <c>--double</c>: time float64 products (ours only) instead of float32.</summary>
    private static bool useDouble;

    private sealed class Operands
    {
        public readonly float[] A, B, C;
        public readonly double[] A64, B64, C64;

        public Operands(Case c)
        {
            var random = new Random(1);
            A64 = Fill(random, useDouble ? c.M * c.K : 0);
            B64 = Fill(random, useDouble ? c.K * c.N : 0);
            C64 = new double[useDouble ? c.M * c.N : 0];
            A = Array.ConvertAll(Fill(random, useDouble ? 0 : c.M * c.K), x => (float)x);
            B = Array.ConvertAll(Fill(random, useDouble ? 0 : c.K * c.N), x => (float)x);
            C = new float[useDouble ? 0 : c.M * c.N];
        }

        private static double[] Fill(Random random, int size)
        {
            var x = new double[size];
            for (int i = 0; i < size; i++) x[i] = random.NextDouble() * 2 - 1;
            return x;
        }
    }

    private static void Call(Case c, Operands o)
    {
        if (useDouble) Gemm.Multiply<double>(o.A64, o.B64, o.C64, c.M, c.N, c.K, c.TransposeA, c.TransposeB);
        else Gemm.Multiply<float>(o.A, o.B, o.C, c.M, c.N, c.K, c.TransposeA, c.TransposeB);
    }

    private static void WarmUp(IReadOnlyList<Case> cases, TimeSpan duration)
    {
        var operands = cases.Select(c => new Operands(c)).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
            for (int i = 0; i < cases.Count; i++)
                Call(cases[i], operands[i]);
    }

    private static (double Best, double Median) Measure(Case c, int threads, double seconds)
    {
        ComputeThreads.Count = threads;
        var o = new Operands(c);
        double flops = 2.0 * c.M * c.N * c.K;
        // Calibrate: iterations per batch so that all batches take about `seconds`.
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalSeconds < 0.1) { Call(c, o); calls++; }
        int perBatch = Math.Max(1, (int)(calls / clock.Elapsed.TotalSeconds * seconds / Batches));
        var rates = new double[Batches];
        for (int r = 0; r < rates.Length; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++) Call(c, o);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            rates[r] = flops * perBatch / elapsed / 1e9;
        }
        Array.Sort(rates);
        ComputeThreads.Count = Environment.ProcessorCount;
        return (rates[^1], rates[rates.Length / 2]);
    }

    /// <summary>Runs peers/torch_mm.py once per thread count (OPENBLAS_NUM_THREADS); null if torch is missing.</summary>
    private static Dictionary<(string, int), (double Best, double Median)>? TorchResults(IReadOnlyList<Case> cases, int[] threads)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || RunProcess(python, ["-c", "import torch"], null, out _) != 0)
        {
            Console.WriteLine("(torch not importable by /usr/bin/python3: no peer column)");
            return null;
        }
        string script = Path.Combine(AppContext.BaseDirectory, "peers", "torch_mm.py");
        string shapes = Batches + ":" + string.Join(";", cases.Select(c => $"{c.M},{c.N},{c.K},{(c.TransposeA ? 1 : 0)},{(c.TransposeB ? 1 : 0)}"));
        var results = new Dictionary<(string, int), (double, double)>();
        foreach (int t in threads)
        {
            var env = new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = t.ToString(CultureInfo.InvariantCulture) };
            if (RunProcess(python, [script, shapes], env, out string output) != 0)
            {
                Console.WriteLine($"(torch_mm.py failed: {output.Trim()})");
                return null;
            }
            var rows = JsonSerializer.Deserialize<double[][]>(output.Trim())!;
            for (int i = 0; i < cases.Count; i++) results[(cases[i].Name, t)] = (rows[i][0], rows[i][1]);
        }
        return results;
    }

    private static int RunProcess(string file, string[] arguments, Dictionary<string, string>? env, out string output)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        if (env is not null) foreach (var (key, value) in env) info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) output += stderr.Result;
        return process.ExitCode;
    }

    private static void PrintTable(IReadOnlyList<Case> cases, int[] threads,
        Dictionary<(string, int), (double Best, double Median)> ours,
        Dictionary<(string, int), (double Best, double Median)>? torch, int rounds)
    {
        Console.WriteLine();
        var header = new List<string> { "product".PadRight(34) };
        foreach (int t in threads)
        {
            header.Add($"ours {t}t".PadLeft(13));
            if (torch is not null) { header.Add($"torch {t}t".PadLeft(13)); header.Add("ratio".PadLeft(6)); }
        }
        Console.WriteLine(string.Join(" ", header));
        foreach (var c in cases)
        {
            var row = new List<string> { c.Name.PadRight(34) };
            foreach (int t in threads)
            {
                var (best, median) = ours[(c.Name, t)];
                row.Add($"{best,6:F1} ({median,5:F1})".PadLeft(13));
                if (torch is not null)
                {
                    var (tb, tm) = torch[(c.Name, t)];
                    row.Add($"{tb,6:F1} ({tm,5:F1})".PadLeft(13));
                    row.Add($"{best / tb,6:F2}");
                }
            }
            Console.WriteLine(string.Join(" ", row));
        }
        Console.WriteLine($"GFLOP/s best (median) over {rounds} round(s); ratio = ours best / torch best. torch: torch.mm, torch.set_num_threads(1), OPENBLAS_NUM_THREADS = t.");
    }
}
