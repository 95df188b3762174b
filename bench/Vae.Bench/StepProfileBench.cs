using System.Diagnostics;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Kernels;
using Vae.Core.Nn;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Bench;

/// <summary>
/// Where a training step of the reference VAE (784-400-20, batch 128, Bernoulli, Adam) spends its time,
/// phase by phase, next to each phase's floor: `Vae.Bench step [--threads 1,2] [--steps N]`.
/// </summary>
/// <remarks>
/// Phases: data (filling a shuffled batch from Fashion-MNIST when installed, else from uniform noise),
/// forward (building the loss on the tape), backward (the reverse sweep and gradients), optimiser
/// (Adam). The floors: the step's matrix products alone (the same GEMM calls, shapes and transposes,
/// timed back to back), and Adam's bytes (7 float streams per parameter: read p, g, m, v; write p, m, v)
/// over the bandwidth a plain 3-stream vector add reaches on the same buffers.
/// </remarks>
internal static class StepProfileBench
{
    private const int Batch = 128, Input = 784, Hidden = 400, Latent = 20;

    public static int Run(string[] args)
    {
        int[] threads = Option(args, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        int steps = int.Parse(Option(args, "--steps", "400"));
        Console.WriteLine($"VAE {Input}-{Hidden}-{Latent}, batch {Batch}, Adam; {steps} steps after warm-up; milliseconds per step (best of 3 rounds)");
        Console.WriteLine($"{"threads",7} {"data",7} {"forward",8} {"backward",9} {"adam",7} {"total",7} | {"GEMMs alone",11} {"GFLOP/s",8} {"adam floor",10}");
        foreach (int t in threads)
        {
            ComputeThreads.Count = t;
            var phases = Phases(steps);
            double gemm = GemmOnly(steps, out double flops);
            double adamFloor = AdamFloor(steps);
            Console.WriteLine($"{t,7} {phases[0],7:F3} {phases[1],8:F3} {phases[2],9:F3} {phases[3],7:F3} {phases.Sum(),7:F3} | {gemm,11:F3} {flops / gemm / 1e6,8:F0} {adamFloor,10:F3}");
        }
        return 0;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static IRowSource<float> Data()
    {
        string? directory = FashionMnist.TryFind();
        if (directory is not null) return FashionMnist.Load<float>(directory);
        var noise = new Tensor<float>(new Shape(4096, Input));
        Rng.Create(9).FillUniform(noise.Span);
        return new Dataset<float>(noise);
    }

    /// <summary>Data, forward, backward and Adam in ms per step, each the best of three rounds.</summary>
    private static double[] Phases(int steps)
    {
        var rng = Rng.Create(1);
        var vae = new Vae<float>(new VaeOptions<float> { InputSize = Input, LatentSize = Latent, HiddenSizes = [Hidden] }, rng);
        var parameters = new ParameterSet<float>(vae).Tensors;
        var adam = new Adam<float>(parameters);
        var batcher = new MiniBatcher<float>(Data(), Batch, seed: 1, dropLast: true);
        var tape = new Tape<float>();
        Batch<float>? batch = null;
        long forwardTicks = 0;
        Func<Tape<float>, Var<float>> loss = t =>
        {
            long start = Stopwatch.GetTimestamp();
            var value = Elbo.Evaluate(vae, t.Constant(batch!.Features), rng).Loss;
            forwardTicks += Stopwatch.GetTimestamp() - start;
            return value;
        };
        var best = Enumerable.Repeat(double.MaxValue, 4).ToArray();
        for (int round = -1; round < 3; round++)
        {
            long data = 0, gradient = 0, optimiser = 0;
            forwardTicks = 0;
            int done = 0;
            for (int epoch = 0; done < steps; epoch++)
            {
                using var batches = batcher.Epoch(epoch).GetEnumerator();
                while (done < steps)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    if (!batches.MoveNext()) break;
                    batch = batches.Current;
                    long t1 = Stopwatch.GetTimestamp();
                    var result = tape.ValueAndGrad(parameters, loss);
                    long t2 = Stopwatch.GetTimestamp();
                    adam.Step(result.Gradients);
                    long t3 = Stopwatch.GetTimestamp();
                    (data, gradient, optimiser) = (data + t1 - t0, gradient + t2 - t1, optimiser + t3 - t2);
                    done++;
                }
            }
            if (round < 0) continue; // warm-up: tiered compilation, buffers
            double[] ms = [data, forwardTicks, gradient - forwardTicks, optimiser];
            for (int i = 0; i < 4; i++) best[i] = Math.Min(best[i], ms[i] * 1000.0 / Stopwatch.Frequency / steps);
        }
        return best;
    }

    /// <summary>The step's GEMM calls alone (forward, input and weight gradients), in ms per step; <paramref name="flops"/> per step.</summary>
    private static double GemmOnly(int steps, out double flops)
    {
        // (m, n, k, transposeA, transposeB) of every product in a step: encoder X·W1, heads H·W (twice),
        // decoder Z·W3 and H3·W4; then for each layer the input gradient Ȳ·Wᵀ (not for X) and the weight
        // gradient Xᵀ·Ȳ.
        (int M, int N, int K, bool TA, bool TB)[] calls =
        [
            (Batch, Hidden, Input, false, false), (Batch, Latent, Hidden, false, false), (Batch, Latent, Hidden, false, false),
            (Batch, Hidden, Latent, false, false), (Batch, Input, Hidden, false, false),
            (Batch, Hidden, Input, false, true), (Hidden, Input, Batch, true, false),
            (Batch, Latent, Hidden, false, true), (Latent, Hidden, Batch, true, false),
            (Batch, Hidden, Latent, false, true), (Hidden, Latent, Batch, true, false),
            (Batch, Hidden, Latent, false, true), (Hidden, Latent, Batch, true, false),
            (Input, Hidden, Batch, true, false),
        ];
        flops = calls.Sum(c => 2.0 * c.M * c.N * c.K);
        var random = Rng.Create(3);
        var operands = calls.Select(c =>
        {
            float[] a = new float[c.M * c.K], b = new float[c.K * c.N], y = new float[c.M * c.N];
            random.FillUniform(a.AsSpan());
            random.FillUniform(b.AsSpan());
            return (a, b, y);
        }).ToArray();
        double best = double.MaxValue;
        for (int round = -1; round < 3; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int s = 0; s < steps; s++)
                for (int i = 0; i < calls.Length; i++)
                {
                    var c = calls[i];
                    Gemm.Multiply<float>(operands[i].a, operands[i].b, operands[i].y, c.M, c.N, c.K, c.TA, c.TB);
                }
            if (round >= 0) best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds / steps);
        }
        return best;
    }

    /// <summary>Adam's 7 streams of 4 bytes per parameter over the bandwidth of z = x + y on parameter-sized arrays, in ms per step.</summary>
    private static double AdamFloor(int steps)
    {
        int size = Input * Hidden * 2 + Hidden * Latent * 3 + Input + Hidden * 2 + Latent * 2;
        float[] x = new float[size], y = new float[size], z = new float[size];
        double best = double.MaxValue;
        for (int round = -1; round < 3; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int s = 0; s < steps; s++) System.Numerics.Tensors.TensorPrimitives.Add(x, y, z);
            if (round >= 0) best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds / steps);
        }
        return best * 7 / 3;
    }
}
