using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Optim;

/// <summary>
/// A first-order optimiser: holds the parameter tensors and per-parameter buffers, and updates the
/// parameters in place from a list of gradients, one per parameter in the same order.
/// </summary>
/// <remarks>
/// The gradient list is what <see cref="Autodiff.Tape{T}.ValueAndGrad(IReadOnlyList{Tensor{T}}, Func{Autodiff.Tape{T}, Autodiff.Var{T}})"/>
/// returns for the same parameter list. Buffers are allocated once, so <see cref="Step"/> allocates
/// nothing; updates are element-wise with vector lanes and a scalar tail that performs the same IEEE
/// operations in the same order, so results do not depend on the vector width or on where a tensor's
/// length falls. A large step is split into <see cref="Kernels.ComputeThreads.Count"/> contiguous ranges of
/// the concatenated parameters (a <see cref="Kernels.BlockJob"/>), updated in parallel (bit-identical for
/// any thread count, since every element is updated on its own). Not thread-safe.
/// </remarks>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T>[] parameters;
    private readonly string[] bufferNames;
    private readonly T[][][] buffers;
    private readonly StepJob job;
    private readonly int totalSize;
    private double learningRate;

    private protected Optimizer(IReadOnlyList<Tensor<T>> parameters, double learningRate, string[] bufferNames)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var distinct = new HashSet<Tensor<T>>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < parameters.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(parameters[i], $"{nameof(parameters)}[{i}]");
            if (!distinct.Add(parameters[i]))
                throw new ArgumentException($"Parameter {i} appears twice in the list; it would be updated twice.", nameof(parameters));
        }
        this.parameters = [.. parameters];
        LearningRate = learningRate;
        this.bufferNames = bufferNames;
        buffers = bufferNames.Select(_ => this.parameters.Select(p => new T[p.Size]).ToArray()).ToArray();
        totalSize = checked(this.parameters.Sum(p => p.Size));
        job = new StepJob(this);
    }

    /// <summary>The name recorded in <see cref="OptimizerState.Algorithm"/>.</summary>
    public abstract string Algorithm { get; }

    /// <summary>The tensors updated in place, in the order gradients are expected.</summary>
    public IReadOnlyList<Tensor<T>> Parameters => parameters;

    /// <summary>The step size; may be changed between steps (a schedule).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative or non-finite value.</exception>
    public double LearningRate
    {
        get => learningRate;
        set => learningRate = NonNegative(value, nameof(LearningRate));
    }

    /// <summary>The number of steps taken (PyTorch's <c>step</c>); the bias corrections use it.</summary>
    public long StepCount { get; private set; }

    /// <summary>Updates every parameter in place from <paramref name="gradients"/> (one per parameter, same shapes).</summary>
    /// <exception cref="ArgumentException">The count or a shape differs from the parameters'.</exception>
    public void Step(IReadOnlyList<Tensor<T>> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.Count != parameters.Length)
            throw new ArgumentException($"Expected {parameters.Length} gradients, one per parameter; got {gradients.Count}.", nameof(gradients));
        for (int i = 0; i < parameters.Length; i++)
            if (gradients[i].Shape != parameters[i].Shape)
                throw new ArgumentException($"Gradient {i} has shape {gradients[i].Shape}; its parameter has {parameters[i].Shape}.", nameof(gradients));
        StepCount++;
        BeginStep();
        job.Run(gradients);
    }

    /// <summary>A copy of the step count, hyperparameters and buffers.</summary>
    public OptimizerState GetState()
    {
        var hyperparameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["lr"] = LearningRate };
        foreach (var (name, value) in GetHyperparameters()) hyperparameters.Add(name, value);
        var saved = new Dictionary<string, double[][]>(StringComparer.Ordinal);
        for (int b = 0; b < bufferNames.Length; b++)
            saved.Add(bufferNames[b], buffers[b].Select(buffer => buffer.Select(double.CreateChecked).ToArray()).ToArray());
        return new OptimizerState(Algorithm, StepCount, hyperparameters, saved);
    }

    /// <summary>
    /// Replaces the step count, hyperparameters and buffers with <paramref name="state"/>'s, so the next
    /// step is the one the saved optimiser would have taken. The parameters themselves are not part of
    /// the state; restore them separately.
    /// </summary>
    /// <exception cref="ArgumentException">The state is for another algorithm, or its buffers or hyperparameters do not fit.</exception>
    public void SetState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Algorithm != Algorithm)
            throw new ArgumentException($"The state is for {state.Algorithm}; this optimiser is {Algorithm}.", nameof(state));
        if (state.StepCount < 0)
            throw new ArgumentException($"The step count must be >= 0; got {state.StepCount}.", nameof(state));
        if (state.Buffers.Count != bufferNames.Length || bufferNames.Any(n => !state.Buffers.ContainsKey(n)))
            throw new ArgumentException($"{Algorithm} keeps buffers [{string.Join(", ", bufferNames)}]; the state has [{string.Join(", ", state.Buffers.Keys)}].", nameof(state));
        for (int b = 0; b < bufferNames.Length; b++)
        {
            var source = state.Buffers[bufferNames[b]];
            if (source.Length != parameters.Length || Enumerable.Range(0, parameters.Length).Any(i => source[i].Length != parameters[i].Size))
                throw new ArgumentException($"Buffer '{bufferNames[b]}' does not match the parameters' count and sizes.", nameof(state));
        }
        var restored = new Dictionary<string, double>(state.Hyperparameters, StringComparer.Ordinal);
        LearningRate = Hyperparameter(restored, "lr");
        SetHyperparameters(restored);
        for (int b = 0; b < bufferNames.Length; b++)
        {
            var source = state.Buffers[bufferNames[b]];
            for (int i = 0; i < parameters.Length; i++)
                for (int j = 0; j < source[i].Length; j++) buffers[b][i][j] = T.CreateChecked(source[i][j]);
        }
        StepCount = state.StepCount;
    }

    /// <summary>Elements <paramref name="start"/>..+<paramref name="length"/> of buffer <paramref name="buffer"/> (by constructor order) of parameter <paramref name="parameter"/>.</summary>
    private protected Span<T> Buffer(int buffer, int parameter, int start, int length) => buffers[buffer][parameter].AsSpan(start, length);

    /// <summary>A step as a <see cref="Kernels.BlockJob"/> over the elements of the concatenated parameters.</summary>
    private sealed class StepJob(Optimizer<T> owner) : Kernels.BlockJob
    {
        private IReadOnlyList<Tensor<T>>? gradients;

        public void Run(IReadOnlyList<Tensor<T>> stepGradients)
        {
            gradients = stepGradients;
            try
            {
                Run(owner.totalSize);
            }
            finally
            {
                gradients = null;
            }
        }

        /// <summary>Updates elements [from, from + count) of the concatenated parameters, parameter by parameter.</summary>
        protected override void Execute(int from, int count)
        {
            int to = from + count, offset = 0;
            for (int i = 0; i < owner.parameters.Length && offset < to; i++)
            {
                int size = owner.parameters[i].Size;
                int start = Math.Max(from, offset) - offset, end = Math.Min(to, offset + size) - offset;
                offset += size;
                if (end <= start) continue;
                owner.Update(i, start, owner.parameters[i].Span[start..end], gradients![i].ReadOnlySpan[start..end]);
            }
        }
    }

    /// <summary>Computes the scalars shared by this step's updates (after <see cref="StepCount"/> is incremented).</summary>
    private protected abstract void BeginStep();

    /// <summary>
    /// Updates elements <paramref name="start"/>.. of parameter <paramref name="index"/> in place:
    /// <paramref name="parameter"/> and <paramref name="gradient"/> are already sliced to that range
    /// (slice the buffers with <see cref="Buffer(int, int, int, int)"/>).
    /// </summary>
    private protected abstract void Update(int index, int start, Span<T> parameter, ReadOnlySpan<T> gradient);

    /// <summary>The hyperparameters besides the learning rate, by PyTorch's names.</summary>
    private protected abstract IEnumerable<(string Name, double Value)> GetHyperparameters();

    /// <summary>Sets the hyperparameters besides the learning rate from <paramref name="values"/>.</summary>
    private protected abstract void SetHyperparameters(IReadOnlyDictionary<string, double> values);

    /// <summary>The value named <paramref name="name"/>, or an exception naming it.</summary>
    private protected static double Hyperparameter(IReadOnlyDictionary<string, double> values, string name) =>
        values.TryGetValue(name, out double v) ? v : throw new ArgumentException($"The state lacks the hyperparameter '{name}'.", nameof(values));

    /// <summary><paramref name="value"/> if finite and >= 0.</summary>
    private protected static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, $"{name} must be finite and >= 0; got {value}.");
}
