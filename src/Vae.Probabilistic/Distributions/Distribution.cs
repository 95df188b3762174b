using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// A probability distribution whose parameters are nodes on a tape, so that log-densities, samples
/// and divergences are differentiable with respect to them.
/// </summary>
/// <remarks>
/// Shapes follow torch.distributions: a distribution has a <see cref="BatchShape"/> (independent,
/// not identically distributed copies) and an <see cref="EventShape"/> (the shape of one draw). A
/// sample has shape sample + batch + event; <see cref="LogProb(Var{T})"/> of a value of shape batch + event
/// (or sample + batch + event) has shape batch (or sample + batch). Every tensor is at most rank 4.
/// Randomness is always passed in as an <see cref="Rng"/>.
/// </remarks>
public abstract class Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The tape the parameters live on; results of every method are recorded there.</summary>
    public abstract Tape<T> Tape { get; }

    /// <summary>The shape of the independent copies.</summary>
    public abstract Shape BatchShape { get; }

    /// <summary>The shape of one draw (empty for a scalar distribution).</summary>
    public abstract Shape EventShape { get; }

    /// <summary>Whether <see cref="Rsample(Rng)"/> is available (a reparameterisation exists).</summary>
    public virtual bool HasRsample => false;

    /// <summary>log p(value), summed over the event dimensions: shape batch (or sample + batch).</summary>
    public abstract Var<T> LogProb(Var<T> value);

    /// <summary>log p(value) for a constant <paramref name="value"/>.</summary>
    public Var<T> LogProb(Tensor<T> value) => LogProb(Tape.Constant(value));

    /// <summary>
    /// A reparameterised draw x = g(θ, ε) with ε drawn from <paramref name="rng"/>: gradients flow
    /// from x to the parameters. Shape batch + event.
    /// </summary>
    /// <exception cref="NotSupportedException">The family has no reparameterisation (see <see cref="HasRsample"/>).</exception>
    public virtual Var<T> Rsample(Rng rng) =>
        throw new NotSupportedException($"{GetType().Name} has no reparameterised sampler; use Sample.");

    /// <summary><paramref name="count"/> reparameterised draws stacked on a leading axis: shape [count] + batch + event.</summary>
    public virtual Var<T> Rsample(Rng rng, int count) =>
        throw new NotSupportedException($"{GetType().Name} has no reparameterised sampler; use Sample.");

    /// <summary>A draw with no gradient: shape batch + event (a copy, owned by the caller).</summary>
    /// <remarks>The default takes the value of <see cref="Rsample(Rng)"/>; families without one override it.</remarks>
    public virtual Tensor<T> Sample(Rng rng) => Rsample(rng).Value.Clone();

    /// <summary>The entropy H = −E[log p(X)], summed over the event dimensions: shape batch.</summary>
    public abstract Var<T> Entropy();

    /// <summary>E[X]: shape batch + event.</summary>
    public abstract Var<T> Mean { get; }

    /// <summary>Var[X] element-wise: shape batch + event.</summary>
    public abstract Var<T> Variance { get; }

    /// <summary>
    /// A point of the support with a finite log-density, used by <see cref="Masked{T}"/> to stand in
    /// for missing coordinates (the mean by default).
    /// </summary>
    protected internal virtual Var<T> FillValue => Mean;

    /// <summary>
    /// <c>new Independent(this, reinterpretedDims)</c> (Pyro's <c>to_event</c>), except that the same
    /// wrapper is returned on every call with the same count: a model that rebuilds its distributions
    /// on reused tape nodes then allocates nothing per step.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">This distribution has fewer batch dimensions than asked for.</exception>
    public Independent<T> ToEvent(int reinterpretedDims = 1)
    {
        if (eventView?.ReinterpretedDims != reinterpretedDims) eventView = new Independent<T>(this, reinterpretedDims);
        return eventView;
    }

    private Independent<T>? eventView;

    /// <summary>The batch shape followed by the event shape.</summary>
    public Shape Shape => Concat(BatchShape, EventShape);

    /// <summary>Joins two shapes end to end.</summary>
    /// <exception cref="ArgumentException">The result would exceed rank 4.</exception>
    protected internal static Shape Concat(Shape first, Shape second)
    {
        Span<int> dims = stackalloc int[2 * Shape.MaxRank];
        first.CopyTo(dims);
        second.CopyTo(dims[first.Rank..]);
        return new Shape(dims[..(first.Rank + second.Rank)]);
    }
}
