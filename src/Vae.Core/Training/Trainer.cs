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
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Fit(optimizer, data, loss, options, rng, TrainingProgress.AtEpoch(firstEpoch), onEpoch, null, CancellationToken.None);

    /// <summary>
    /// Continues training from <paramref name="start"/>, which may lie inside an epoch (its earlier
    /// batches are skipped), to <c>options.Epochs</c>; reports the position after every step to
    /// <paramref name="onStep"/>, and stops between two steps once <paramref name="cancellation"/> is
    /// signalled: the interruptible, step-resumable form.
    /// </summary>
    /// <remarks>
    /// <paramref name="onStep"/> is called once per step, after <paramref name="onEpoch"/> when the
    /// step ends an epoch (with the start of the next epoch), so the last position it reported is
    /// always where a checkpoint taken now would resume. Cancellation is checked before each step:
    /// a step in progress is finished, never cut short.
    /// </remarks>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellation"/> was signalled; the parameters, <paramref name="optimizer"/> and
    /// <paramref name="rng"/> are as after the last step <paramref name="onStep"/> reported (or at
    /// <paramref name="start"/> if none was taken).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> is invalid or its batch is beyond the epoch's last.</exception>
    public static IReadOnlyList<EpochReport> Fit<T>(Optimizer<T> optimizer, IRowSource<T> data,
        Func<Tape<T>, Batch<T>, Rng, Var<T>> loss, TrainingOptions options, Rng rng, TrainingProgress start,
        Action<EpochReport>? onEpoch, Action<TrainingProgress>? onStep, CancellationToken cancellation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        start.Validate();
        var batcher = new MiniBatcher<T>(data, options.BatchSize, options.Seed, binarize: options.Binarize);
        if (start.Batch >= batcher.BatchCount)
            throw new ArgumentOutOfRangeException(nameof(start), $"An epoch has {batcher.BatchCount} batches; cannot start at batch {start.Batch}.");
        var tape = new Tape<T>();
        var reports = new List<EpochReport>();
        Batch<T>? current = null;
        Func<Tape<T>, Var<T>> objective = t => loss(t, current!, rng);
        for (int epoch = start.Epoch; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            bool resumed = epoch == start.Epoch;
            int skip = resumed ? start.Batch : 0;
            double total = resumed ? start.LossSum : 0;
            long rows = resumed ? start.Rows : 0;
            foreach (var batch in batcher.Epoch(epoch))
            {
                if (batch.Index < skip) continue;
                cancellation.ThrowIfCancellationRequested();
                current = batch;
                var result = tape.ValueAndGrad(optimizer.Parameters, objective);
                if (options.ClipNorm > 0) GradientClipping.ClipByGlobalNorm(result.Gradients, options.ClipNorm);
                optimizer.Step(result.Gradients);
                total += double.CreateChecked(result.Value) * batch.Count;
                rows += batch.Count;
                if (batch.Index + 1 < batcher.BatchCount) onStep?.Invoke(new TrainingProgress(epoch, batch.Index + 1, total, rows));
            }
            var report = new EpochReport(epoch + 1, total / rows, optimizer.StepCount, clock.Elapsed.TotalSeconds);
            reports.Add(report);
            onEpoch?.Invoke(report);
            onStep?.Invoke(TrainingProgress.AtEpoch(epoch + 1));
        }
        return reports;
    }
}
