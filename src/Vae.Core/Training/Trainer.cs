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
/// <see cref="EpochsCompleted"/>; restoring all three continues the run bit-identically. After the
/// first epoch a step allocates nothing (the tape, the batch buffers and Adam's moments are reused).
/// A non-finite loss stops training with an exception before the parameters are touched.
/// </remarks>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MiniBatcher<T> batcher;
    private readonly Tape<T> tape = new();
    private readonly Func<Tape<T>, Var<T>> objective;
    private readonly int rows;
    private Batch<T>? current;

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
        rows = data.Count;
        objective = t => loss(t, current!, Rng);
    }

    /// <summary>How the run is configured.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The optimiser (its state goes into a checkpoint).</summary>
    public Adam<T> Optimizer { get; }

    /// <summary>The generator the loss draws its noise from (its state goes into a checkpoint).</summary>
    public Rng Rng { get; set; }

    /// <summary>Epochs run so far; the next epoch run is this one (0-based) of the batch schedule.</summary>
    public int EpochsCompleted { get; set; }

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

    /// <summary>Runs the next epoch.</summary>
    public EpochReport RunEpoch()
    {
        var clock = Stopwatch.StartNew();
        double total = 0;
        foreach (var batch in batcher.Epoch(EpochsCompleted))
            total += Step(batch) * batch.Count;
        EpochsCompleted++;
        return new EpochReport(EpochsCompleted, total / rows, Optimizer.StepCount, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Runs epochs until <see cref="TrainingOptions.Epochs"/> have been completed, reporting each as it ends.</summary>
    public IReadOnlyList<EpochReport> Fit(Action<EpochReport>? onEpoch = null)
    {
        var history = new List<EpochReport>();
        while (EpochsCompleted < Options.Epochs)
        {
            var report = RunEpoch();
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
