namespace Vae.Core.Optim;

/// <summary>
/// An optimiser's complete state as plain values, for checkpoints: restoring it with
/// <see cref="Optimizer{T}.SetState"/> continues bit for bit where <see cref="Optimizer{T}.GetState"/> left off.
/// </summary>
/// <param name="Algorithm">The optimiser's name (<c>Sgd</c>, <c>Adam</c>, <c>AdamW</c>); a state only loads into the same kind.</param>
/// <param name="StepCount">The number of steps taken.</param>
/// <param name="Hyperparameters">Learning rate and the rest by PyTorch's names: <c>lr</c>, <c>beta1</c>, <c>beta2</c>, <c>eps</c>, <c>weight_decay</c>, <c>momentum</c>, <c>nesterov</c> (0 or 1).</param>
/// <param name="Buffers">Per-parameter buffers by PyTorch's names (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>): one array per parameter, in parameter order, row-major.</param>
/// <remarks>
/// Buffers are stored as <c>double</c> whatever the optimiser's element type; widening a <c>float</c>
/// is exact and so is narrowing it back, so a float optimiser round-trips exactly.
/// </remarks>
public sealed record OptimizerState(
    string Algorithm,
    long StepCount,
    IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyDictionary<string, double[][]> Buffers);
