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
/// The mini-batch training loop every model shares: batches in a seeded order, a loss evaluated on a
/// reused tape, optional clipping, an Adam step, a report per epoch.
/// </summary>
/// <remarks>
/// Deterministic: the batch order and binarisation come from (seed, epoch) and the loss's own noise
/// from <see cref="Rng"/>, so the same seed, data and thread count give bit-identical parameters.
/// Resumable: a checkpoint holds the optimiser state, <see cref="Rng"/>'s state and
/// <see cref="Progress"/> (or just <see cref="EpochsCompleted"/> between epochs); restoring all three
/// continues the run bit-identically, even from the middle of an epoch. <see cref="Fit(Action{EpochReport}, Action{TrainingProgress}, CancellationToken)"/>
/// stops between two steps when cancelled, leaving a state that a checkpoint can take. After the
/// first epoch a step allocates nothing (the tape, the batch buffers and Adam's moments are reused).
/// A non-finite loss stops training with an exception before the parameters are touched.
/// </remarks>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MiniBatcher<T> batcher;
    private readonly Tape<T> tape = new();
    private readonly Func<Tape<T>, Var<T>> objective;
    private Batch<T>? current;
    private int epochs, batchesCompleted;
    private double epochLoss;
    private long epochRows;

    /// <summary>
    /// Prepares to minimise <paramref name="loss"/> — a scalar node built on the tape from a batch,
    /// drawing any noise it needs from the generator it is given — over <paramref name="data"/> with
    /// Adam, updating <paramref name="parameters"/> in place.
    /// </summary>
    public Trainer(IReadOnlyList<Tensor<T>> parameters, IRowSource<T> data, Func<Tape<T>, Batch<T>, Rng, Var<T>> loss, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Optimizer = new Adam<T>(parameters, options.LearningRate);
        batcher = new MiniBatcher<T>(data, options.BatchSize, options.Seed, options.Shuffle, binarize: options.Binarize);
        Rng = Rng.Create(options.Seed);
        objective = t => loss(t, current!, Rng);
    }

    /// <summary>How the run is configured.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The optimiser (its state goes into a checkpoint).</summary>
    public Adam<T> Optimizer { get; }

    /// <summary>The generator the loss draws its noise from (its state goes into a checkpoint).</summary>
    public Rng Rng { get; set; }

    /// <summary>Epochs run so far; the next epoch run is this one (0-based) of the batch schedule, from its first batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public int EpochsCompleted
    {
        get => epochs;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(EpochsCompleted));
            epochs = value;
            batchesCompleted = 0;
            epochLoss = 0;
            epochRows = 0;
        }
    }

    /// <summary>
    /// Where <see cref="RunEpoch(Action{TrainingProgress}, CancellationToken)"/> stands between two steps:
    /// the epoch, the batches of it done and their loss sum. Set it (with the optimiser and generator
    /// states) to resume from a checkpoint, also in the middle of an epoch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to an invalid position, or one whose batch is beyond an epoch's last.</exception>
    public TrainingProgress Progress
    {
        get => new(epochs, batchesCompleted, epochLoss, epochRows);
        set
        {
            value.Validate();
            if (value.Batch >= batcher.BatchCount)
                throw new ArgumentOutOfRangeException(nameof(Progress), $"An epoch has {batcher.BatchCount} batches; cannot resume at batch {value.Batch}.");
            EpochsCompleted = value.Epoch;
            batchesCompleted = value.Batch;
            epochLoss = value.LossSum;
            epochRows = value.Rows;
        }
    }

    /// <summary>One optimiser step on <paramref name="batch"/>; returns the loss before the step.</summary>
    /// <exception cref="InvalidOperationException">The loss is NaN or infinite (the parameters are left unchanged).</exception>
    public double Step(Batch<T> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        current = batch;
        var result = tape.ValueAndGrad(Optimizer.Parameters, objective);
        double value = double.CreateTruncating(result.Value);
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"The loss is {value} at step {Optimizer.StepCount + 1}; lower the learning rate or check the data.");
        if (Options.ClipNorm > 0) GradientClipping.ClipByGlobalNorm(result.Gradients, Options.ClipNorm);
        Optimizer.Step(result.Gradients);
        return value;
    }

    /// <summary>Runs the next epoch (the rest of it, when <see cref="Progress"/> lies inside it).</summary>
    public EpochReport RunEpoch() => RunEpoch(null, CancellationToken.None);

    /// <summary>
    /// Runs the rest of the current epoch, calling <paramref name="onStep"/> with <see cref="Progress"/>
    /// after every step (after the epoch is closed, for its last step) and checking
    /// <paramref name="cancellation"/> before every step.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; <see cref="Progress"/> is the position after the last whole step.</exception>
    public EpochReport RunEpoch(Action<TrainingProgress>? onStep, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        int skip = batchesCompleted;
        foreach (var batch in batcher.Epoch(epochs))
        {
            if (batch.Index < skip) continue;
            cancellation.ThrowIfCancellationRequested();
            double loss = Step(batch);
            epochLoss += loss * batch.Count;
            epochRows += batch.Count;
            if (++batchesCompleted < batcher.BatchCount) onStep?.Invoke(Progress);
        }
        var report = new EpochReport(epochs + 1, epochLoss / epochRows, Optimizer.StepCount, clock.Elapsed.TotalSeconds);
        EpochsCompleted = epochs + 1;
        onStep?.Invoke(Progress);
        return report;
    }

    /// <summary>Runs epochs until <see cref="TrainingOptions.Epochs"/> have been completed, reporting each as it ends.</summary>
    public IReadOnlyList<EpochReport> Fit(Action<EpochReport>? onEpoch = null) => Fit(onEpoch, null, CancellationToken.None);

    /// <summary>
    /// Runs epochs until <see cref="TrainingOptions.Epochs"/> have been completed, reporting each step to
    /// <paramref name="onStep"/> and each epoch to <paramref name="onEpoch"/> (after the step that ends it),
    /// and stopping between two steps once <paramref name="cancellation"/> is signalled: a step in
    /// progress is finished, never cut short.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; <see cref="Progress"/>, <see cref="Optimizer"/> and <see cref="Rng"/> hold the state after the last whole step.</exception>
    public IReadOnlyList<EpochReport> Fit(Action<EpochReport>? onEpoch, Action<TrainingProgress>? onStep, CancellationToken cancellation)
    {
        var history = new List<EpochReport>();
        while (EpochsCompleted < Options.Epochs)
        {
            var report = RunEpoch(onStep, cancellation);
            history.Add(report);
            onEpoch?.Invoke(report);
        }
        return history;
    }
}

/// <summary>One-call training for scripts: <c>Trainer.Fit(parameters, data, loss, options)</c>.</summary>
public static class Trainer
{
    /// <summary>Creates a <see cref="Trainer{T}"/> and runs all its epochs.</summary>
    public static IReadOnlyList<EpochReport> Fit<T>(IReadOnlyList<Tensor<T>> parameters, IRowSource<T> data,
        Func<Tape<T>, Batch<T>, Rng, Var<T>> loss, TrainingOptions options, Action<EpochReport>? onEpoch = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new Trainer<T>(parameters, data, loss, options).Fit(onEpoch);
}
