using System.Globalization;
using System.Text;

namespace Vae.Bench;

/// <summary>
/// <c>Vae.Bench train</c>: one training epoch of the 784-400-20 Fashion-MNIST VAE, ours against the PyTorch
/// reference (peers/torch_vae_fmnist.py), each side in its own process per thread count: seconds per
/// epoch, test loss after each epoch, peak RSS and the ratios, as a console table and as Markdown.
/// </summary>
/// <remarks>
/// Our side is <see cref="TrainWorker"/> (this executable re-invoked), the peer is the reference script run
/// by <see cref="PeerProcess"/>. For c cores PyTorch runs at its fastest thread setting: torch 1 and
/// OpenBLAS 1 for one core; for more, the fastest of <see cref="PeerThreads.Candidates"/> in a one-epoch
/// quick check (or <c>--peer-threads TORCH,BLAS</c>). With <c>--rounds R</c> every (side, cores) run is
/// repeated R times, alternating sides, and the table keeps the best median: other processes on a shared
/// machine only ever slow a run down. <c>--init pytorch</c> (the default) gives our weights the reference
/// script's initialisation, <c>--init glorot</c> the library's (see <see cref="ReferenceVae"/>).
/// </remarks>
internal static class TrainBench
{
    public static int Run(string[] args)
    {
        var a = new Arguments(args, ["--epochs", "--seed", "--threads", "--rounds", "--peer-threads", "--markdown", "--init", "--paper"], ["--no-peer"]);
        int epochs = a.Int("--epochs", 3);
        int seed = a.Int("--seed", 1, minimum: 0);
        int[] threads = a.IntList("--threads", "1,2");
        int rounds = a.Int("--rounds", 1);
        var givenPeer = PeerThreads.Parse(a.Text("--peer-threads"));
        string? markdownPath = a.Text("--markdown");
        string init = a.Text("--init", "pytorch")!;
        if (!ReferenceVae.Inits.Contains(init)) throw new ArgumentException($"--init must be one of {string.Join(", ", ReferenceVae.Inits)}; got '{init}'.");
        if (threads.Any(t => t > Environment.ProcessorCount))
            throw new ArgumentException($"--threads: this machine has {Environment.ProcessorCount} logical cores; got {string.Join(",", threads)}.");
        if (BenchData.Directory() is null) return 3;
        string? noPeer = a.Has("--no-peer") ? "--no-peer was given" : PeerProcess.Unavailable();

        Console.WriteLine($"Training the 784-400-20 VAE on Fashion-MNIST, {epochs} epochs, batch {ReferenceVae.BatchSize}, Adam 1e-3. {Machine.Describe()}");
        if (noPeer is not null) Console.WriteLine($"PyTorch peer skipped: {noPeer}.");
        var settings = new Dictionary<int, PeerThreads>();
        if (noPeer is null)
            foreach (int t in threads)
                settings[t] = PeerThreads.Fastest(t, givenPeer, candidate => RunPeer(1, candidate, echo: null).Epochs[0].Seconds);

        var ours = threads.ToDictionary(t => t, _ => new List<TrainRun>());
        var torch = threads.ToDictionary(t => t, _ => new List<TrainRun>());
        for (int round = 1; round <= rounds; round++)
            foreach (int t in threads)
            {
                string label = rounds > 1 ? $"round {round}, " : "";
                ours[t].Add(RunOurs(epochs, seed, init, t, echo: $"  [{label}ours, {t} thread(s)] "));
                if (settings.TryGetValue(t, out var setting))
                    torch[t].Add(RunPeer(epochs, setting, echo: $"  [{label}PyTorch, {setting}] "));
            }

        var table = Table(epochs, threads, ours, torch, settings);
        string legend = Legend(epochs, seed, init, rounds, settings.Count > 0);
        table.Print(legend, markdownPath);
        foreach (int t in settings.Keys)
        {
            double difference = ours[t][0].Epochs[^1].TestLoss - torch[t][0].Epochs[^1].TestLoss;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t} core(s): test loss after epoch {epochs}, ours − PyTorch = {difference:+0.00;-0.00} nats/image (target: within ±1)."));
        }
        if (a.Text("--paper") is { } paper)
            SpeedJson.Merge(paper, [.. settings.Keys.Select(t => new SpeedJson.Row(
                $"one training epoch, 784-400-20 VAE, batch 128, {t} core(s)",
                ours[t].Min(SecondsPerEpoch) * 1000, torch[t].Min(SecondsPerEpoch) * 1000))]);
        return 0;
    }

    private static TrainRun RunOurs(int epochs, int seed, string init, int threads, string echo)
    {
        var (file, prefix) = ChildProcess.Self();
        string[] arguments = [.. prefix, TrainWorker.Command, "--epochs", Invariant(epochs), "--seed", Invariant(seed), "--threads", Invariant(threads), "--init", init];
        var result = ChildProcess.Run(file, arguments, echoPrefix: echo);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Our training worker ({threads} threads) exited with code {result.ExitCode}: {result.Error.Trim()}");
        return TrainOutput.Parse(result.Output, $"our training worker ({threads} threads)", epochs, withMemory: true);
    }

    private static TrainRun RunPeer(int epochs, PeerThreads setting, string? echo)
    {
        const string script = "torch_vae_fmnist.py";
        string output = PeerProcess.Run(script, [Invariant(setting.Torch), Invariant(epochs)], setting, echo);
        return TrainOutput.Parse(output, $"{script} ({setting})", epochs, withMemory: false);
    }

    /// <summary>The median seconds of epochs 2..E of a run (epoch 1 holds the warm-up), or epoch 1's when it is the only one.</summary>
    private static double SecondsPerEpoch(TrainRun run) => Median([.. Steady(run).Select(e => e.Seconds)]);

    private static IReadOnlyList<EpochResult> Steady(TrainRun run) => run.Epochs.Count > 1 ? run.Epochs.ToArray()[1..] : run.Epochs;

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static BenchTable Table(int epochs, int[] threads, Dictionary<int, List<TrainRun>> ours, Dictionary<int, List<TrainRun>> torch,
        Dictionary<int, PeerThreads> settings)
    {
        var table = new BenchTable(
            ["side", "cores", "threads", "s/epoch", "range", "epoch 1 s", $"test loss, epochs 1..{epochs}", "peak RSS MiB",
                "PyTorch/ours time", "ours/PyTorch memory", "GCs 0/1/2 per epoch", "alloc B/step"], leftColumns: 3);
        foreach (int t in threads)
        {
            var mine = ours[t];
            bool peer = settings.TryGetValue(t, out var setting);
            double ourSeconds = mine.Min(SecondsPerEpoch);
            double ourPeak = mine.Max(r => r.PeakRssKb) / 1024.0;
            string timeRatio = peer ? Ratio(torch[t].Min(SecondsPerEpoch) / ourSeconds) : "";
            string memoryRatio = peer ? Ratio(ourPeak / (torch[t].Max(r => r.PeakRssKb) / 1024.0)) : "";
            var first = mine[0].Epochs;
            table.Add(["ours", Invariant(t), $"ComputeThreads {t}", Seconds(ourSeconds), Range(mine), Seconds(mine.Min(r => r.Epochs[0].Seconds)),
                Losses(mine[0]), Mib(ourPeak), timeRatio, memoryRatio,
                string.Join(", ", first.Select(e => $"{e.Memory!.Gen0}/{e.Memory.Gen1}/{e.Memory.Gen2}")),
                string.Join(", ", first.Select(e => e.Memory!.BytesPerStep.ToString("F1", CultureInfo.InvariantCulture)))]);
            if (!peer) continue;
            var theirs = torch[t];
            table.Add(["PyTorch", Invariant(t), setting!.ToString(), Seconds(theirs.Min(SecondsPerEpoch)), Range(theirs),
                Seconds(theirs.Min(r => r.Epochs[0].Seconds)), Losses(theirs[0]), Mib(theirs.Max(r => r.PeakRssKb) / 1024.0), "", "", "", ""]);
        }
        return table;
    }

    private static string Legend(int epochs, int seed, string init, int rounds, bool peer)
    {
        var text = new StringBuilder();
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"s/epoch: median training time of epochs 2..{epochs} (best of {rounds} round(s)); range: min–max of those epochs over all rounds; "));
        text.Append("test loss: mean negative ELBO per test image (nats, one sample) after each epoch, first round; ");
        text.Append("peak RSS: the process's high-water mark (VmHWM for ours, ru_maxrss for PyTorch), largest over rounds; ");
        text.Append("GCs: collections during each epoch's training loop as counted by GC.CollectionCount(0/1/2) (gen 0 includes the others); ");
        text.Append("alloc: bytes allocated per step on the training thread, per epoch. ");
        text.Append(string.Create(CultureInfo.InvariantCulture, $"Ours: seed {seed}, {init} initialisation; "));
        text.Append(peer
            ? "PyTorch: peers/torch_vae_fmnist.py (seed 1 fixed in the script, its default init); threads: torch 1 and OpenBLAS 1 for one core, " +
              "for more the fastest of (1, c), (c, c), (c, 1) in a one-epoch quick check. "
            : "PyTorch: not run. ");
        text.Append($"Machine: {Machine.Describe()} at the end (shared: timings are noisy).");
        return text.ToString();
    }

    private static string Range(List<TrainRun> runs)
    {
        var seconds = runs.SelectMany(Steady).Select(e => e.Seconds).ToArray();
        return $"{Seconds(seconds.Min())}–{Seconds(seconds.Max())}";
    }

    private static string Losses(TrainRun run) => string.Join(" / ", run.Epochs.Select(e => e.TestLoss.ToString("F2", CultureInfo.InvariantCulture)));

    private static string Seconds(double s) => s.ToString("F2", CultureInfo.InvariantCulture);

    private static string Mib(double mib) => mib.ToString("F0", CultureInfo.InvariantCulture);

    private static string Ratio(double r) => r.ToString("F2", CultureInfo.InvariantCulture) + "×";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
