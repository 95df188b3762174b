using System.Diagnostics;
using Vae.Core.Kernels;
using Vae.Core.Randomness;
using Vae.Probabilistic.Evaluation;

namespace Vae.Bench;

/// <summary>
/// The hidden <c>train-worker</c> command: our side of <c>Vae.Bench train</c>, run in its own process so
/// that its peak RSS is its own. Trains <see cref="ReferenceVae"/> on Fashion-MNIST, timing each epoch's
/// training loop only (as the peer does), then evaluates the test loss (mean negative single-sample ELBO
/// per image over the 10,000 test images in blocks of 1000, as the peer does) and prints one
/// <see cref="TrainOutput"/> line per epoch and the peak RSS at the end.
/// </summary>
internal static class TrainWorker
{
    /// <summary>The subcommand name.</summary>
    public const string Command = "train-worker";

    public static int Run(string[] args)
    {
        var a = new Arguments(args, ["--epochs", "--seed", "--threads", "--init"], []);
        int epochs = a.Int("--epochs", 3);
        ulong seed = (ulong)a.Int("--seed", 1, minimum: 0);
        ComputeThreads.Count = a.Int("--threads", 1);
        string? directory = BenchData.Directory();
        if (directory is null) return 3;
        var train = BenchData.Load(directory, train: true);
        var test = BenchData.Load(directory, train: false);
        var model = ReferenceVae.Create(seed, a.Text("--init", "pytorch")!);
        var trainer = ReferenceVae.Trainer(model, train, epochs, seed);
        var evaluation = Rng.Create(seed).Split();
        long stepsBefore = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            var report = trainer.RunEpoch();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var memory = new TrainingMemory((int)(report.Steps - stepsBefore), GC.GetAllocatedBytesForCurrentThread() - allocated,
                GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
            stepsBefore = report.Steps;
            double testLoss = -DatasetElbo.Evaluate(model, test.Features, evaluation, rowsPerPass: 1000).Elbo;
            Console.WriteLine(TrainOutput.Format(new EpochResult(epoch, seconds, testLoss, memory)));
        }
        Console.WriteLine(TrainOutput.FormatPeak(PeakMemory.KiloBytes()));
        return 0;
    }
}
