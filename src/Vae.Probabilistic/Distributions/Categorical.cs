using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Divergences;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// The categorical distribution over K classes by unnormalised logits along the last axis:
/// log p(k) = ℓₖ − log Σⱼ exp ℓⱼ.
/// </summary>
/// <remarks>
/// The batch shape is the logits' shape without its last axis and the event shape is empty: a value
/// is a class index 0 … K − 1 stored in <typeparamref name="T"/> (exact for K ≤ 2²⁴ in float).
/// The normaliser is a max-shifted <see cref="LogSumExp{T}(Var{T}, int, bool)"/>, so logits of any
/// finite size are safe; a logit of −∞ makes its class impossible (masking), and every term of the
/// form 0 · log 0 is taken as 0 by selection, never by arithmetic, so values and gradients stay
/// finite. NaN and +∞ logits, and rows with no finite logit, are refused when validating.
/// </remarks>
public sealed class Categorical<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Tensor<T>? possible;

    static Categorical()
    {
        Kl<T>.Register<Categorical<T>, Categorical<T>>(KlCategoricalCategorical);
    }

    /// <summary>Categorical(softmax(logits)) over the last axis of <paramref name="logits"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The logits are a scalar or have an empty last axis; or (when <paramref name="validate"/>) a
    /// logit is NaN or +∞, or a row has no finite logit.
    /// </exception>
    public Categorical(Var<T> logits, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Shape.Rank == 0 || logits.Shape[-1] == 0)
            throw new ArgumentException(
                $"Categorical: 'logits' needs a last axis of at least one class; got shape {logits.Shape}.", nameof(logits));
        if (validate) Validate(logits.Value);
        Logits = logits;
        ClassCount = logits.Shape[-1];
        var dims = logits.Shape.ToArray();
        BatchShape = new Shape(dims[..^1]);
    }

    /// <summary>ℓ, the unnormalised log-probabilities, with the classes on the last axis.</summary>
    public Var<T> Logits { get; }

    /// <summary>K, the number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>log pₖ = ℓₖ − log Σⱼ exp ℓⱼ, shape batch + [K] (−∞ for impossible classes).</summary>
    public Var<T> LogProbs => Logits - LogSumExp(Logits, -1, keepDims: true);

    /// <summary>pₖ = softmax(ℓ)ₖ, shape batch + [K].</summary>
    public Var<T> Probs => Exp(LogProbs);

    /// <inheritdoc />
    public override Tape<T> Tape => Logits.Tape;

    /// <inheritdoc />
    public override Shape BatchShape { get; }

    /// <inheritdoc />
    public override Shape EventShape => Shape.Scalar;

    /// <summary>log p(k) = ℓₖ − log Σⱼ exp ℓⱼ for class indices k of shape batch or sample + batch (rank ≤ 3).</summary>
    /// <remarks>
    /// The indices are data: no gradient flows to <paramref name="value"/>. The selected logit is picked
    /// with a one-hot <see cref="Where{T}"/>, so the gradient is one-hot minus softmax.
    /// </remarks>
    /// <exception cref="ArgumentException">An element is not a class index 0 … K − 1, or the value has rank 4.</exception>
    public override Var<T> LogProb(Var<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var selected = Sum(Where(OneHot(value.Value), Logits, Tape.Constant(Tensor<T>.Scalar(T.Zero))), -1);
        return selected - LogSumExp(Logits, -1);
    }

    /// <summary>Draws a class index per batch element by inverting the cumulative distribution at a uniform draw.</summary>
    /// <remarks>
    /// In double precision: with m the largest logit, the class is the first k with
    /// Σ_{j ≤ k} exp(ℓⱼ − m) &gt; u · Σⱼ exp(ℓⱼ − m) for u uniform on [0, 1); impossible classes are never drawn.
    /// </remarks>
    public override Tensor<T> Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var x = new Tensor<T>(BatchShape);
        ReadOnlySpan<T> logits = Logits.Value.ReadOnlySpan;
        var target = x.Span;
        Span<double> weights = ClassCount <= 256 ? stackalloc double[ClassCount] : new double[ClassCount];
        for (int row = 0; row < target.Length; row++)
        {
            var line = logits.Slice(row * ClassCount, ClassCount);
            double max = double.NegativeInfinity, total = 0;
            foreach (var l in line) max = Math.Max(max, double.CreateChecked(l));
            for (int k = 0; k < ClassCount; k++) total += weights[k] = Math.Exp(double.CreateChecked(line[k]) - max);
            double threshold = rng.NextDouble() * total, cumulative = 0;
            int chosen = -1;
            for (int k = 0; k < ClassCount && chosen < 0; k++)
            {
                cumulative += weights[k];
                if (cumulative > threshold) chosen = k;
            }
            // Rounding can leave u·total equal to total when u is within an ulp of 1: take the last possible class.
            for (int k = ClassCount - 1; chosen < 0; k--)
                if (weights[k] > 0) chosen = k;
            target[row] = T.CreateChecked(chosen);
        }
        return x;
    }

    /// <summary>The most probable class of each batch element (the first, on ties).</summary>
    public Tensor<T> Mode()
    {
        var x = new Tensor<T>(BatchShape);
        ReadOnlySpan<T> logits = Logits.Value.ReadOnlySpan;
        var target = x.Span;
        for (int row = 0; row < target.Length; row++)
        {
            var line = logits.Slice(row * ClassCount, ClassCount);
            int best = 0;
            for (int k = 1; k < ClassCount; k++)
                if (line[k] > line[best]) best = k;
            target[row] = T.CreateChecked(best);
        }
        return x;
    }

    /// <summary>H = −Σₖ pₖ log pₖ, with impossible classes contributing exactly 0.</summary>
    public override Var<T> Entropy()
    {
        var logP = GuardedLogProbs();
        return -Sum(Where(Possible, Exp(logP) * logP, Zero), -1);
    }

    /// <summary>E[X] = Σₖ k pₖ, the mean class index.</summary>
    public override Var<T> Mean => Sum(Probs * Tape.Constant(ClassIndices()), -1);

    /// <summary>Var[X] = Σₖ (k − E[X])² pₖ, centred so that it does not cancel when the mass is concentrated.</summary>
    public override Var<T> Variance
    {
        get
        {
            var probs = Probs;
            var mean = Sum(probs * Tape.Constant(ClassIndices()), -1);
            var centred = Tape.Constant(ClassIndices()) - Reshape(mean, Concat(BatchShape, new Shape(1)));
            return Sum(probs * Square(centred), -1);
        }
    }

    /// <summary>The most probable class (a point with a finite log-density; the mean index need not be one).</summary>
    protected internal override Var<T> FillValue => Tape.Constant(Mode());

    /// <summary>1 where a class is possible (its logit is not −∞), else 0; shape batch + [K].</summary>
    private Tensor<T> Possible => possible ??= PossibleClasses(Logits.Value);

    private Var<T> Zero => Tape.Constant(Tensor<T>.Scalar(T.Zero));

    /// <summary>log pₖ where class k is possible, and a finite stand-in (0 − log Σ exp ℓ) where it is not.</summary>
    private Var<T> GuardedLogProbs() => Where(Possible, Logits, Zero) - LogSumExp(Logits, -1, keepDims: true);

    private Tensor<T> ClassIndices()
    {
        var k = new Tensor<T>(new Shape(ClassCount));
        for (int i = 0; i < ClassCount; i++) k[i] = T.CreateChecked(i);
        return k;
    }

    /// <summary>The one-hot encoding of class indices: shape value + [K].</summary>
    private Tensor<T> OneHot(Tensor<T> value)
    {
        if (value.Shape.Rank >= Shape.MaxRank)
            throw new ArgumentException(
                $"Categorical.LogProb: a value of shape {value.Shape} would need a one-hot of rank {value.Shape.Rank + 1} > {Shape.MaxRank}.", nameof(value));
        var oneHot = new Tensor<T>(Concat(value.Shape, new Shape(ClassCount)));
        ReadOnlySpan<T> indices = value.ReadOnlySpan;
        var target = oneHot.Span;
        for (int i = 0; i < indices.Length; i++)
        {
            T k = indices[i];
            if (!(k >= T.Zero && k < T.CreateChecked(ClassCount) && T.IsInteger(k)))
                throw new ArgumentException(
                    $"Categorical.LogProb: every element of 'value' (shape {value.Shape}) must be a class index in 0..{ClassCount - 1}; element {i} is {k}.",
                    nameof(value));
            target[i * ClassCount + int.CreateChecked(k)] = T.One;
        }
        return oneHot;
    }

    private static Tensor<T> PossibleClasses(Tensor<T> logits)
    {
        var mask = new Tensor<T>(logits.Shape);
        ReadOnlySpan<T> source = logits.ReadOnlySpan;
        var target = mask.Span;
        for (int i = 0; i < source.Length; i++) target[i] = T.IsNegativeInfinity(source[i]) ? T.Zero : T.One;
        return mask;
    }

    private static void Validate(Tensor<T> logits)
    {
        ReadOnlySpan<T> span = logits.ReadOnlySpan;
        for (int i = 0; i < span.Length; i++)
            if (T.IsNaN(span[i]) || T.IsPositiveInfinity(span[i]))
                throw new ArgumentException(
                    $"Categorical: every element of 'logits' (shape {logits.Shape}) must not be NaN or +∞; element {i} is {span[i]}.", "logits");
        int classes = logits.Shape[-1];
        for (int row = 0; row < span.Length / classes; row++)
        {
            bool any = false;
            foreach (var l in span.Slice(row * classes, classes)) any |= T.IsFinite(l);
            if (!any)
                throw new ArgumentException(
                    $"Categorical: every row of 'logits' (shape {logits.Shape}) must have a finite element (a possible class); row {row} is all −∞.", "logits");
        }
    }

    /// <summary>
    /// KL(p‖q) = Σₖ pₖ (log pₖ − log qₖ) over the classes possible under p (0 · log 0 = 0); +∞ where p
    /// puts mass on a class impossible under q.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The two have different numbers of classes or batch shapes that do not broadcast.</exception>
    private static Var<T> KlCategoricalCategorical(Categorical<T> p, Categorical<T> q)
    {
        var logP = p.GuardedLogProbs();
        var logQ = Where(p.Possible, q.Logits, p.Zero) - LogSumExp(q.Logits, -1, keepDims: true);
        return Sum(Where(p.Possible, Exp(logP) * (logP - logQ), p.Zero), -1);
    }
}
