using System.Diagnostics;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Core.Kernels;
using Vae.Core.Randomness;
using Vae.Probabilistic.Objectives;

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
        var chunk = new Tensor<float>(new Shape(TestChunk, ReferenceVae.Input));
        var evaluationTape = new Tape<float>();
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
            double testLoss = TestLoss(model, test, evaluation, chunk, evaluationTape);
            Console.WriteLine(TrainOutput.Format(new EpochResult(epoch, seconds, testLoss, memory)));
        }
        Console.WriteLine(TrainOutput.FormatPeak(PeakMemory.KiloBytes()));
        return 0;
    }

    private const int TestChunk = 1000;

    /// <summary>
    /// The mean negative ELBO per image over <paramref name="test"/> (one sample, analytic KL), read into
    /// <paramref name="chunk"/> 1000 rows at a time and evaluated on one reused tape, as a script would.
    /// </summary>
    private static double TestLoss(Vae<float> model, ImageDataset<float> test, Rng rng, Tensor<float> chunk, Tape<float> tape)
    {
        int[] rows = new int[TestChunk], labels = new int[test.HasLabels ? TestChunk : 0];
        double total = 0;
        for (int start = 0; start < test.Count; start += TestChunk)
        {
            for (int i = 0; i < TestChunk; i++) rows[i] = start + i;
            test.CopyRows(rows, chunk.Span, default, labels);
            tape.Reset();
            total += Elbo.Evaluate(model, tape.Constant(chunk), rng).Elbo.Value[0] * (double)TestChunk;
        }
        return -total / test.Count;
    }
}
