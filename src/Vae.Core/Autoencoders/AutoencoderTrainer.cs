using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>
/// Mini-batch training of any <see cref="IAutoencoder{T}"/> with Adam: each step records the model's
/// objective on one reused <see cref="Tape{T}"/>, takes its gradient and updates the parameters in place.
/// </summary>
/// <remarks>
/// <para>
/// Batches come from a <see cref="MiniBatcher{T}"/> seeded with <see cref="TrainingOptions.Seed"/>;
/// the objective draws its noise from a generator created from the same seed. A run is therefore a
/// deterministic function of the model's initial parameters, the data and the options.
/// </para>
/// <para>
/// After the first steps of each batch shape a step allocates nothing: the tape reuses its nodes and
/// buffers, the loss delegate is built once and the optimiser's buffers exist from construction.
/// An epoch allocates only its batch enumerator and its report.
/// </para>
/// </remarks>
public sealed class AutoencoderTrainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IAutoencoder<T> model;
    private readonly IReadOnlyList<Tensor<T>> parameters;
    private readonly MiniBatcher<T> batcher;
    private readonly Tape<T> tape = new();
    private readonly Func<Tape<T>, Var<T>> loss;
    private readonly int rows;
    private Tensor<T> current = null!;

    /// <summary>A trainer for <paramref name="model"/> on the rows of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data's row width differs from the model's input, or the data have a mask (an autoencoder's objective has no notion of missing values).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative epoch count, a batch size below 1, or a learning rate that is negative or not finite.</exception>
    public AutoencoderTrainer(IAutoencoder<T> model, IRowSource<T> data, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (data.Dimension != model.InputSize)
            throw new ArgumentException($"The data have {data.Dimension} features; the model takes {model.InputSize}.", nameof(data));
        if (data.HasMask)
            throw new ArgumentException("The data have a mask of missing values, which an autoencoder objective would silently treat as zeros.", nameof(data));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Epochs, nameof(options));
        this.model = model;
        Options = options;
        parameters = new ParameterSet<T>(model).Tensors;
        Optimizer = new Adam<T>(parameters, options.LearningRate);
        batcher = new MiniBatcher<T>(data, options.BatchSize, options.Seed, options.Shuffle);
        Rng = Rng.Create(options.Seed);
        rows = data.Count;
        loss = t => model.Objective(t.Constant(current), Rng);
    }

    /// <summary>The settings.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The Adam optimiser (its state can be saved and restored, its learning rate scheduled).</summary>
    public Adam<T> Optimizer { get; }

    /// <summary>The generator the objective draws from; replace it to resume a saved run.</summary>
    public Rng Rng { get; set; }

    /// <summary>The number of epochs completed.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>One Adam step on <paramref name="batch"/> [B, d]; returns the objective before the update.</summary>
    /// <exception cref="ArgumentException">The batch is not [B, d].</exception>
    /// <exception cref="InvalidOperationException">The objective is not finite (the parameters are left unchanged).</exception>
    public double Step(Tensor<T> batch)
    {
        NetworkShapes.CheckInput(batch, model.InputSize, "trainer");
        current = batch;
        var result = tape.ValueAndGrad(parameters, loss);
        double value = double.CreateTruncating(result.Value);
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"The objective is {value} at step {Optimizer.StepCount + 1}; lower the learning rate or check the data.");
        Optimizer.Step(result.Gradients);
        return value;
    }

    /// <summary>One pass over the data in mini-batches.</summary>
    public EpochReport RunEpoch()
    {
        double total = 0;
        foreach (var batch in batcher.Epoch(EpochsCompleted))
            total += Step(batch.Features) * batch.Count;
        return new EpochReport(EpochsCompleted++, total / rows, Optimizer.StepCount);
    }

    /// <summary>
    /// Runs <see cref="TrainingOptions.Epochs"/> more epochs, calling <paramref name="onEpoch"/> (if
    /// given) after each; returns their reports.
    /// </summary>
    public IReadOnlyList<EpochReport> Fit(Action<EpochReport>? onEpoch = null)
    {
        var history = new List<EpochReport>(Options.Epochs);
        for (int e = 0; e < Options.Epochs; e++)
        {
            var report = RunEpoch();
            history.Add(report);
            onEpoch?.Invoke(report);
        }
        return history;
    }

    /// <summary>Trains <paramref name="model"/> on <paramref name="data"/> for <see cref="TrainingOptions.Epochs"/> epochs; returns the per-epoch reports.</summary>
    public static IReadOnlyList<EpochReport> Train(IAutoencoder<T> model, IRowSource<T> data, TrainingOptions options, Action<EpochReport>? onEpoch = null) =>
        new AutoencoderTrainer<T>(model, data, options).Fit(onEpoch);
}
