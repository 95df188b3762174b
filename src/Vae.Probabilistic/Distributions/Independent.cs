using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Divergences;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// Reinterprets the last <see cref="ReinterpretedDims"/> batch dimensions of <see cref="Base"/> as event
/// dimensions: log p(x) = Σ over those dimensions of the base log-densities. A diagonal Gaussian
/// posterior is <c>Independent(Normal(μ, σ), 1)</c>.
/// </summary>
/// <remarks>As torch.distributions.Independent. KL(Independent‖Independent) sums the base KL over the reinterpreted dimensions.</remarks>
public sealed class Independent<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static Independent()
    {
        Kl<T>.Register<Independent<T>, Independent<T>>(KlIndependentIndependent);
    }

    /// <summary>Wraps <paramref name="baseDistribution"/>, moving <paramref name="reinterpretedDims"/> trailing batch dims into the event.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The base has fewer batch dimensions than asked for.</exception>
    public Independent(Distribution<T> baseDistribution, int reinterpretedDims = 1)
    {
        ArgumentNullException.ThrowIfNull(baseDistribution);
        var batch = baseDistribution.BatchShape;
        if (reinterpretedDims < 0 || reinterpretedDims > batch.Rank)
            throw new ArgumentOutOfRangeException(nameof(reinterpretedDims),
                $"Independent: cannot reinterpret {reinterpretedDims} of the {batch.Rank} batch dimensions of {batch}.");
        Base = baseDistribution;
        ReinterpretedDims = reinterpretedDims;
        int kept = batch.Rank - reinterpretedDims;
        BatchShape = batch.Slice(0, kept);
        EventShape = Concat(batch.Slice(kept, reinterpretedDims), baseDistribution.EventShape);
    }

    /// <summary>The wrapped distribution.</summary>
    public Distribution<T> Base { get; }

    /// <summary>How many trailing batch dimensions became event dimensions.</summary>
    public int ReinterpretedDims { get; }

    /// <inheritdoc />
    public override Tape<T> Tape => Base.Tape;

    /// <inheritdoc />
    public override Shape BatchShape { get; }

    /// <inheritdoc />
    public override Shape EventShape { get; }

    /// <inheritdoc />
    public override bool HasRsample => Base.HasRsample;

    /// <inheritdoc />
    public override Var<T> LogProb(Var<T> value) => SumTrailing(Base.LogProb(value), ReinterpretedDims);

    /// <inheritdoc />
    public override Var<T> Rsample(Rng rng) => Base.Rsample(rng);

    /// <inheritdoc />
    public override Var<T> Rsample(Rng rng, int count) => Base.Rsample(rng, count);

    /// <inheritdoc />
    public override Tensor<T> Sample(Rng rng) => Base.Sample(rng);

    /// <inheritdoc />
    public override Var<T> Entropy() => SumTrailing(Base.Entropy(), ReinterpretedDims);

    /// <inheritdoc />
    public override Var<T> Mean => Base.Mean;

    /// <inheritdoc />
    public override Var<T> Variance => Base.Variance;

    /// <summary>Sums the last <paramref name="count"/> axes of <paramref name="x"/>.</summary>
    internal static Var<T> SumTrailing(Var<T> x, int count)
    {
        for (int i = 0; i < count; i++) x = Sum(x, -1);
        return x;
    }

    private static Var<T> KlIndependentIndependent(Independent<T> p, Independent<T> q)
    {
        if (p.ReinterpretedDims != q.ReinterpretedDims)
            throw new ArgumentException(
                $"KL(Independent‖Independent): the event ranks differ ({p.ReinterpretedDims} and {q.ReinterpretedDims}).", nameof(q));
        return SumTrailing(Kl<T>.Divergence(p.Base, q.Base), p.ReinterpretedDims);
    }
}
