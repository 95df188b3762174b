using System.Diagnostics;
using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Training;

/// <summary>
/// The mini-batch training loop every model shares: shuffle, evaluate a loss on a reused tape, clip,
/// step Adam, report each epoch.
/// </summary>
/// <remarks>
/// Deterministic: the batch order and binarisation come from (seed, epoch), and the loss's own noise
/// from one <see cref="Rng"/> stream seeded from the same seed, so the same seed, data and thread count
/// give bit-identical parameters. After the first epoch a step allocates nothing (the tape, the batch
/// buffers and Adam's moments are reused).
/// </remarks>
public static class Trainer
{
    /// <summary>
    /// Minimises <paramref name="loss"/> (a scalar node built on the tape from a batch, with
    /// <paramref name="loss"/> drawing any noise it needs from the given generator) over
    /// <paramref name="data"/> with Adam, updating <paramref name="parameters"/> in place.
    /// </summary>
    /// <returns>One report per epoch (also passed to <paramref name="onEpoch"/> as it ends).</returns>
    public static IReadOnlyList<EpochReport> Fit<T>(IReadOnlyList<Tensor<T>> parameters, IRowSource<T> data,
        Func<Tape<T>, Batch<T>, Rng, Var<T>> loss, TrainingOptions options, Action<EpochReport>? onEpoch = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(options);
        var optimizer = new Adam<T>(parameters, options.LearningRate);
        return Fit(optimizer, data, loss, options, Rng.Create(options.Seed).Split(), 0, onEpoch);
    }

    /// <summary>
    /// Continues training with an existing <paramref name="optimizer"/> (and its state) from
    /// <paramref name="firstEpoch"/> (0-based) to <c>options.Epochs</c>, drawing the loss's noise from
    /// <paramref name="rng"/>: the resumable form.
    /// </summary>
    public static IReadOnlyList<EpochReport> Fit<T>(Optimizer<T> optimizer, IRowSource<T> data,
        Func<Tape<T>, Batch<T>, Rng, Var<T>> loss, TrainingOptions options, Rng rng, int firstEpoch, Action<EpochReport>? onEpoch = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        var batcher = new MiniBatcher<T>(data, options.BatchSize, options.Seed, binarize: options.Binarize);
        var tape = new Tape<T>();
        var reports = new List<EpochReport>();
        Batch<T>? current = null;
        Func<Tape<T>, Var<T>> objective = t => loss(t, current!, rng);
        for (int epoch = firstEpoch; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double total = 0;
            int rows = 0;
            foreach (var batch in batcher.Epoch(epoch))
            {
                current = batch;
                var result = tape.ValueAndGrad(optimizer.Parameters, objective);
                if (options.ClipNorm > 0) GradientClipping.ClipByGlobalNorm(result.Gradients, options.ClipNorm);
                optimizer.Step(result.Gradients);
                total += double.CreateChecked(result.Value) * batch.Count;
                rows += batch.Count;
            }
            var report = new EpochReport(epoch + 1, total / rows, optimizer.StepCount, clock.Elapsed.TotalSeconds);
            reports.Add(report);
            onEpoch?.Invoke(report);
        }
        return reports;
    }
}
