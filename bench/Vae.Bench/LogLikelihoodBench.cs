using System.Diagnostics;
using System.Globalization;
using System.Text;
using Vae.Core.Data;
using Vae.Core.Kernels;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Core.Tensors;
using Vae.Probabilistic.Evaluation;
using Vae.Probabilistic.Models;

namespace Vae.Bench;

/// <summary>
/// <c>Vae.Bench loglik</c>: the importance-sampled log-likelihood (<see cref="LogLikelihood.Estimate{T}"/>)
/// of the 784-400-20 VAE on the first N Fashion-MNIST test images with K samples, against the same
/// computation in PyTorch (peers/torch_loglik.py) on the same weights: both estimates with their standard
/// errors (they must agree within Monte Carlo error, else the command fails), both times and the ratio.
/// </summary>
/// <remarks>
/// The model is trained for one seeded epoch, or loaded with <c>--checkpoint</c> (a safetensors file with
/// the CLI's tensor names, or a <c>vae train</c> checkpoint directory); its weights go to a safetensors
/// file (<c>--weights-out</c>, else a temporary file) that the peer reads. Thread settings as in
/// <see cref="TrainBench"/>; the peer's quick check estimates 10 % of the images.
/// </remarks>
internal static class LogLikelihoodBench
{
    public static int Run(string[] args)
    {
        var a = new Arguments(args, ["--k", "--images", "--threads", "--seed", "--rounds", "--checkpoint", "--weights-out", "--peer-threads", "--init", "--rows-per-pass", "--markdown", "--paper"], ["--no-peer"]);
        int k = a.Int("--k", 1000);
        int images = a.Int("--images", 1000);
        int[] threads = a.IntList("--threads", "1,2");
        int seed = a.Int("--seed", 1, minimum: 0);
        int rounds = a.Int("--rounds", 1);
        int rowsPerPass = a.Int("--rows-per-pass", LogLikelihood.DefaultRowsPerPass);
        var givenPeer = PeerThreads.Parse(a.Text("--peer-threads"));
        if (threads.Any(t => t > Environment.ProcessorCount))
            throw new ArgumentException($"--threads: this machine has {Environment.ProcessorCount} logical cores; got {string.Join(",", threads)}.");
        string? directory = BenchData.Directory();
        if (directory is null) return 3;
        var test = BenchData.Load(directory, train: false);
        if (images > test.Count) throw new ArgumentException($"--images: the test set has {test.Count} images; got {images}.");
        var x = test.ToDataset(0, images).Features;

        Console.WriteLine($"Importance-sampled log-likelihood, K = {k}, first {images} Fashion-MNIST test images. {Machine.Describe()}");
        var model = Model(a.Text("--checkpoint"), directory, (ulong)seed, a.Text("--init", "pytorch")!, threads.Max());
        string? weightsOut = a.Text("--weights-out");
        string weights = weightsOut ?? Path.Combine(Path.GetTempPath(), $"vae-bench-loglik-{Environment.ProcessId}.safetensors");
        SafeTensors.WriteFile(weights, model.Parameters);
        try
        {
            return Compare(model, x, weights, k, threads, seed, rounds, rowsPerPass, a.Text("--markdown"), a.Text("--paper"), a.Has("--no-peer") ? "--no-peer was given" : PeerProcess.Unavailable(), givenPeer);
        }
        finally
        {
            if (weightsOut is null) File.Delete(weights);
        }
    }

    private static Vae<float> Model(string? checkpoint, string directory, ulong seed, string init, int threads)
    {
        var model = ReferenceVae.Create(seed, init);
        if (checkpoint is not null)
        {
            if (Directory.Exists(checkpoint)) Checkpoint.Load(checkpoint).LoadParameters(model.Parameters);
            else
            {
                var file = SafeTensors.Read(checkpoint);
                foreach (var p in model.Parameters) file.CopyTo(p.Name, p.Value);
            }
            Console.WriteLine($"Weights loaded from {checkpoint}.");
            return model;
        }
        ComputeThreads.Count = threads;
        var report = ReferenceVae.Trainer(model, BenchData.Load(directory, train: true), epochs: 1, seed).RunEpoch();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Trained one epoch (seed {seed}) in {report.Seconds:F1} s, training loss {report.Loss:F2}."));
        return model;
    }

    private static int Compare(Vae<float> model, Tensor<float> x, string weights, int k, int[] threads, int seed, int rounds, int rowsPerPass, string? markdownPath, string? paperPath, string? noPeer, PeerThreads? givenPeer)
    {
        int images = x.Shape[0];
        if (noPeer is not null) Console.WriteLine($"PyTorch peer skipped: {noPeer}.");
        var settings = new Dictionary<int, PeerThreads>();
        if (noPeer is null)
            foreach (int t in threads)
                settings[t] = PeerThreads.Fastest(t, givenPeer, s => RunPeer(weights, Math.Max(1, images / 10), k, seed, rowsPerPass, s).Seconds);

        // Warm-up (JIT tiers, kernel workers, pooled buffers): a few images, untimed.
        var warm = new Tensor<float>(new Shape(Math.Min(images, 8), x.Shape[1]));
        x.ReadOnlySpan[..warm.Size].CopyTo(warm.Span);
        LogLikelihood.Estimate(model, warm, Rng.Create((ulong)seed), Math.Min(k, 200), rowsPerPass: rowsPerPass);

        var ours = threads.ToDictionary(t => t, _ => new List<LogLikelihoodResult>());
        var torch = threads.ToDictionary(t => t, _ => new List<LogLikelihoodResult>());
        for (int round = 1; round <= rounds; round++)
            foreach (int t in threads)
            {
                ComputeThreads.Count = t;
                long start = Stopwatch.GetTimestamp();
                var estimate = LogLikelihood.Estimate(model, x, Rng.Create((ulong)seed), k, rowsPerPass: rowsPerPass);
                var mine = new LogLikelihoodResult(estimate.Mean, estimate.StandardError, Stopwatch.GetElapsedTime(start).TotalSeconds);
                ours[t].Add(mine);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [ours, {t} thread(s)] {mine.Mean:F3} ± {mine.StandardError:F3} nats in {mine.Seconds:F2} s"));
                if (!settings.TryGetValue(t, out var setting)) continue;
                var theirs = RunPeer(weights, images, k, seed, rowsPerPass, setting);
                torch[t].Add(theirs);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [PyTorch, {setting}] {theirs.Mean:F3} ± {theirs.StandardError:F3} nats in {theirs.Seconds:F2} s"));
            }

        var table = new BenchTable(["side", "cores", "threads", "seconds", "range", "log p(x), nats/image", "PyTorch/ours time"], leftColumns: 3);
        bool agree = true;
        foreach (int t in threads)
        {
            bool peer = settings.TryGetValue(t, out var setting);
            double best = ours[t].Min(r => r.Seconds);
            table.Add("ours", Invariant(t), $"ComputeThreads {t}", Seconds(best), Range(ours[t]), Estimate(ours[t][0]),
                peer ? (torch[t].Min(r => r.Seconds) / best).ToString("F2", CultureInfo.InvariantCulture) + "×" : "");
            if (!peer) continue;
            table.Add("PyTorch", Invariant(t), setting!.ToString(), Seconds(torch[t].Min(r => r.Seconds)), Range(torch[t]), Estimate(torch[t][0]), "");
            agree &= Agree(ours[t][0], torch[t][0], t);
        }
        string legend = string.Create(CultureInfo.InvariantCulture,
            $"seconds: the estimate alone (best of {rounds} round(s); range over rounds), K = {k}, {images} images, at most {rowsPerPass} decoded rows per pass on both sides; ") +
            "log p(x): mean estimate ± Monte Carlo standard error (first round); PyTorch's threads: the fastest setting in a quick check on a tenth of the images. PyTorch: peers/torch_loglik.py (torch.distributions.Normal, " +
            $"F.binary_cross_entropy_with_logits, float32, inference mode). Machine: {Machine.Describe()} at the end (shared: timings are noisy).";
        table.Print(legend, markdownPath);
        if (paperPath is not null && agree)
            SpeedJson.Merge(paperPath, [.. settings.Keys.Select(t => new SpeedJson.Row(
                string.Create(CultureInfo.InvariantCulture, $"importance-sampled log p(x), K = {k}, {images} test images, {t} core(s)"),
                ours[t].Min(r => r.Seconds) * 1000, torch[t].Min(r => r.Seconds) * 1000))]);
        return agree ? 0 : 1;
    }

    /// <summary>
    /// The cross-check: both estimate the same log p(x) with independent samples and the same estimator,
    /// so their difference has standard deviation √(SE₁² + SE₂²); beyond 4 of those they disagree
    /// (a false alarm once in about 16,000 runs).
    /// </summary>
    private static bool Agree(LogLikelihoodResult ours, LogLikelihoodResult torch, int threads)
    {
        double difference = ours.Mean - torch.Mean;
        double sd = Math.Sqrt(ours.StandardError * ours.StandardError + torch.StandardError * torch.StandardError);
        bool agree = Math.Abs(difference) <= 4 * sd;
        string verdict = string.Create(CultureInfo.InvariantCulture,
            $"{threads} core(s): ours − PyTorch = {difference:+0.000;-0.000} nats, {Math.Abs(difference) / sd:F1} standard deviations of the difference ({sd:F3})");
        if (agree) Console.WriteLine(verdict + ": they agree.");
        else Console.Error.WriteLine(verdict + ": they DISAGREE beyond Monte Carlo error (limit 4).");
        return agree;
    }

    private static LogLikelihoodResult RunPeer(string weights, int images, int k, int seed, int rowsPerPass, PeerThreads setting)
    {
        const string script = "torch_loglik.py";
        string output = PeerProcess.Run(script,
            ["--weights", weights, "--images", Invariant(images), "--k", Invariant(k), "--threads", Invariant(setting.Torch),
                "--seed", Invariant(seed), "--rows-per-pass", Invariant(rowsPerPass)], setting);
        return LogLikelihoodOutput.Parse(output, $"{script} ({setting})", images, k);
    }

    private static string Estimate(LogLikelihoodResult r) => string.Create(CultureInfo.InvariantCulture, $"{r.Mean:F3} ± {r.StandardError:F3}");

    private static string Range(List<LogLikelihoodResult> runs) => $"{Seconds(runs.Min(r => r.Seconds))}–{Seconds(runs.Max(r => r.Seconds))}";

    private static string Seconds(double s) => s.ToString("F2", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
