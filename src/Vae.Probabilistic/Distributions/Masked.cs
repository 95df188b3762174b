using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// A factorised likelihood over partly observed data: log p(x_obs) = Σᵢ mᵢ log p(xᵢ), the sum over the
/// observed coordinates (mask mᵢ = 1) of the base's element-wise log-densities.
/// </summary>
/// <remarks>
/// Because the base factorises over the masked dimensions, integrating the missing coordinates out of
/// the joint leaves exactly this sum: ∫ Πᵢ p(xᵢ) dx_mis = Π_{obs} p(xᵢ) (the MIWAE likelihood, Mattei
/// and Frellsen, 2019). Missing entries may hold anything, NaN included: they are replaced by a
/// harmless value before the base sees them and selected away afterwards, so both the value and the
/// gradients are finite and the gradient through a missing coordinate is exactly 0. The mask's last
/// <see cref="ReinterpretedDims"/> dimensions are summed over, as in <see cref="Independent{T}"/>.
/// </remarks>
public sealed class Masked<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Masks <paramref name="baseDistribution"/> (a family with scalar events) with 0/1 <paramref name="mask"/>.</summary>
    /// <exception cref="ArgumentException">The base has event dimensions, or the mask does not broadcast to its batch shape.</exception>
    public Masked(Distribution<T> baseDistribution, Tensor<T> mask, int reinterpretedDims = 1)
    {
        ArgumentNullException.ThrowIfNull(baseDistribution);
        ArgumentNullException.ThrowIfNull(mask);
        if (baseDistribution.EventShape.Rank != 0)
            throw new ArgumentException(
                $"Masked: the base must factorise element-wise (scalar events); {baseDistribution.GetType().Name} has event shape {baseDistribution.EventShape}.",
                nameof(baseDistribution));
        if (Shape.Broadcast(baseDistribution.BatchShape, mask.Shape) != baseDistribution.BatchShape)
            throw new ShapeMismatchException("Masked", baseDistribution.BatchShape, mask.Shape,
                "the mask must broadcast to the base distribution's batch shape");
        Independent = new Independent<T>(baseDistribution, reinterpretedDims);
        Base = baseDistribution;
        Mask = mask;
    }

    /// <summary>The element-wise distribution being masked.</summary>
    public Distribution<T> Base { get; }

    /// <summary>1 where a coordinate is observed, 0 where it is missing.</summary>
    public Tensor<T> Mask { get; }

    /// <summary>How many trailing dimensions are summed over.</summary>
    public int ReinterpretedDims => Independent.ReinterpretedDims;

    private Independent<T> Independent { get; }

    /// <inheritdoc />
    public override Tape<T> Tape => Base.Tape;

    /// <inheritdoc />
    public override Shape BatchShape => Independent.BatchShape;

    /// <inheritdoc />
    public override Shape EventShape => Independent.EventShape;

    /// <inheritdoc />
    public override bool HasRsample => Base.HasRsample;

    /// <summary>Σ over observed coordinates of log p(xᵢ); missing coordinates contribute exactly 0.</summary>
    public override Var<T> LogProb(Var<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var filled = Where(Mask, value, BroadcastTo(Base.FillValue, value.Shape));
        return Independent<T>.SumTrailing(Ops.Mask(Base.LogProb(filled), Mask), ReinterpretedDims);
    }

    /// <summary>A full draw from the base (observed and missing coordinates alike).</summary>
    public override Var<T> Rsample(Rng rng) => Base.Rsample(rng);

    /// <inheritdoc />
    public override Var<T> Rsample(Rng rng, int count) => Base.Rsample(rng, count);

    /// <inheritdoc />
    public override Tensor<T> Sample(Rng rng) => Base.Sample(rng);

    /// <summary>The entropy of the observed coordinates: Σ mᵢ H(pᵢ).</summary>
    public override Var<T> Entropy() => Independent<T>.SumTrailing(Ops.Mask(Base.Entropy(), Mask), ReinterpretedDims);

    /// <inheritdoc />
    public override Var<T> Mean => Base.Mean;

    /// <inheritdoc />
    public override Var<T> Variance => Base.Variance;
}
