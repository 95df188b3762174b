using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// A finite mixture p(x) = Σₖ wₖ pₖ(x) of K components of one family, with weights w = softmax(ℓ)
/// given by logits ℓ: log p(x) = LogSumExpₖ(log wₖ + log pₖ(x)). A mixture-of-Gaussians prior is
/// <c>MixtureSameFamily(logits [K], Independent(Normal(μ [K, D], σ [K, D]), 1))</c>.
/// </summary>
/// <remarks>
/// <para>
/// The components are one distribution whose batch shape ends with the component axis K: the
/// mixture's batch shape is the components' batch shape without that axis, and its event shape is
/// theirs. The logits have shape (mixture batch) + [K], or any shape that broadcasts to it ([K] for
/// weights shared by the batch). log w = ℓ − LogSumExp(ℓ) and the outer LogSumExp are max-shifted, so
/// the log-density is finite wherever one component's is, however small the others' weights or
/// densities (as torch.distributions.MixtureSameFamily).
/// </para>
/// <para>
/// There is no reparameterised sampler (the component index is discrete: <see cref="Distribution{T}.Rsample(Rng)"/>
/// throws; use <see cref="Sample"/>, or a continuous relaxation outside this class), no closed-form
/// entropy (<see cref="Entropy"/> throws), and no analytic KL to or from a mixture: ask for
/// <see cref="Divergences.Kl{T}.MonteCarlo"/> explicitly.
/// </para>
/// </remarks>
public sealed class MixtureSameFamily<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const string Family = "MixtureSameFamily";

    /// <summary>The mixture with weights softmax(<paramref name="mixtureLogits"/>) over <paramref name="components"/>.</summary>
    /// <param name="mixtureLogits">ℓ, shape broadcastable to batch + [K] with last axis K; not NaN (−∞ switches a component off).</param>
    /// <param name="components">The component distributions, batch shape batch + [K].</param>
    /// <param name="validate">Check the logits (on by default; switch off in hot loops). Shapes are always checked.</param>
    /// <exception cref="ShapeMismatchException">The logits do not fit the components' batch shape.</exception>
    /// <exception cref="ArgumentException">The components have no batch axis, or a logit is NaN (when <paramref name="validate"/>).</exception>
    public MixtureSameFamily(Var<T> mixtureLogits, Distribution<T> components, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(mixtureLogits);
        ArgumentNullException.ThrowIfNull(components);
        var componentBatch = components.BatchShape;
        if (componentBatch.Rank == 0)
            throw new ArgumentException(
                $"{Family}: the components need a batch axis for the K components; {components.GetType().Name.Split('`')[0]} has batch shape {componentBatch}.",
                nameof(components));
        int count = componentBatch[-1];
        if (mixtureLogits.Shape.Rank == 0 || mixtureLogits.Shape[-1] != count
            || mixtureLogits.Shape.Rank > componentBatch.Rank
            || Shape.Broadcast(mixtureLogits.Shape, componentBatch) != componentBatch)
            throw new ShapeMismatchException(Family, mixtureLogits.Shape, componentBatch,
                $"the logits must end with the {count} components and broadcast to the components' batch shape");
        if (validate) Constraint.NotNaN(mixtureLogits.Value, nameof(mixtureLogits), Family);
        MixtureLogits = mixtureLogits;
        Components = components;
        var dims = componentBatch.ToArray();
        BatchShape = new Shape(dims[..^1]);
    }

    /// <summary>ℓ: the mixing weights are softmax(ℓ) along the last axis.</summary>
    public Var<T> MixtureLogits { get; }

    /// <summary>The components, batch shape batch + [K].</summary>
    public Distribution<T> Components { get; }

    /// <summary>K, the number of components.</summary>
    public int ComponentCount => Components.BatchShape[-1];

    /// <summary>log w = ℓ − LogSumExp(ℓ), shape that of the logits.</summary>
    public Var<T> LogWeights => MixtureLogits - LogSumExp(MixtureLogits, -1, keepDims: true);

    /// <inheritdoc />
    public override Tape<T> Tape => Components.Tape;

    /// <inheritdoc />
    public override Shape BatchShape { get; }

    /// <inheritdoc />
    public override Shape EventShape => Components.EventShape;

    /// <summary>log p(x) = LogSumExpₖ(log wₖ + log pₖ(x)), shape (sample +) batch.</summary>
    /// <exception cref="ArgumentException">The value already has rank 4 (no room for the component axis) or fewer axes than the event.</exception>
    public override Var<T> LogProb(Var<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var expanded = Reshape(value, WithComponentAxis(value.Shape, 1));
        return LogSumExp(Components.LogProb(expanded) + LogWeights, -1);
    }

    /// <summary>
    /// An ancestral draw: for each batch element a component k ~ Categorical(w) (one uniform from
    /// <paramref name="rng"/> by inverse CDF), then x from that component (the components draw
    /// next, all at once, and component k's draw is kept). Shape batch + event.
    /// </summary>
    public override Tensor<T> Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int count = ComponentCount, points = BatchShape.Size, eventSize = EventShape.Size;
        var logits = BroadcastTo(MixtureLogits, Components.BatchShape).Value.ReadOnlySpan;
        var chosen = new int[points];
        for (int b = 0; b < points; b++) chosen[b] = Categorical(logits.Slice(b * count, count), rng.NextDouble());
        var draws = Components.Sample(rng).ReadOnlySpan;
        var x = new Tensor<T>(Shape);
        var target = x.Span;
        for (int b = 0; b < points; b++)
            draws.Slice((b * count + chosen[b]) * eventSize, eventSize).CopyTo(target.Slice(b * eventSize, eventSize));
        return x;
    }

    /// <summary>Not available: a mixture's entropy has no closed form (estimate −E[log p(X)] from <see cref="Sample"/>).</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Var<T> Entropy() =>
        throw new NotSupportedException($"{Family} has no closed-form entropy; estimate -E[log p(X)] with Sample and LogProb.");

    /// <summary>E[X] = Σₖ wₖ μₖ, shape batch + event.</summary>
    public override Var<T> Mean => Sum(Weights() * Components.Mean, BatchShape.Rank);

    /// <summary>
    /// Var[X] = Σₖ wₖ σₖ² + Σₖ wₖ (μₖ − μ)² (the law of total variance, E[Var[X | k]] + Var[E[X | k]],
    /// with the second term as a sum of squares so it is never negative), shape batch + event.
    /// </summary>
    public override Var<T> Variance
    {
        get
        {
            var weights = Weights();
            var means = Components.Mean;
            var mixtureMean = Reshape(Sum(weights * means, BatchShape.Rank), WithComponentAxis(Shape, 1));
            return Sum(weights * (Components.Variance + Square(means - mixtureMean)), BatchShape.Rank);
        }
    }

    /// <summary>w reshaped to batch + [K] + [1, …] (one 1 per event axis), to broadcast over the components' values.</summary>
    private Var<T> Weights()
    {
        var weights = BroadcastTo(Exp(LogWeights), Components.BatchShape);
        var dims = Components.BatchShape.ToArray().Concat(Enumerable.Repeat(1, EventShape.Rank)).ToArray();
        return Reshape(weights, new Shape(dims));
    }

    /// <summary><paramref name="shape"/> (sample + batch + event) with an axis of <paramref name="extent"/> inserted before the event axes.</summary>
    private Shape WithComponentAxis(Shape shape, int extent)
    {
        if (shape.Rank < EventShape.Rank || shape.Rank >= Shape.MaxRank)
            throw new ArgumentException(
                $"{Family}: a value of shape {shape} cannot take the component axis before its {EventShape.Rank} event axes (rank <= {Shape.MaxRank - 1}).",
                "value");
        var dims = shape.ToArray().ToList();
        dims.Insert(shape.Rank - EventShape.Rank, extent);
        return new Shape(dims.ToArray());
    }

    /// <summary>The first k with Σ_{j≤k} exp(ℓⱼ − max ℓ) &gt; u · Σⱼ exp(ℓⱼ − max ℓ).</summary>
    private static int Categorical(ReadOnlySpan<T> logits, double u)
    {
        double max = double.NegativeInfinity;
        foreach (var l in logits) max = Math.Max(max, double.CreateChecked(l));
        double total = 0;
        foreach (var l in logits) total += Math.Exp(double.CreateChecked(l) - max);
        double threshold = u * total, cumulative = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            cumulative += Math.Exp(double.CreateChecked(logits[k]) - max);
            if (cumulative > threshold) return k;
        }
        // Rounding can leave the cumulative sum a hair below u · total: take the last component with weight.
        int last = logits.Length - 1;
        while (last > 0 && T.IsNegativeInfinity(logits[last])) last--;
        return last;
    }
}
