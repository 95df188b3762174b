using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Divergences;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Distributions;

/// <summary>
/// The Bernoulli distribution on {0, 1} by logits ℓ = log(p / (1 − p)), element-wise:
/// log p(x) = x ℓ − softplus(ℓ) = −BCEWithLogits(ℓ, x).
/// </summary>
/// <remarks>
/// The log-density is written with softplus, never log(σ(ℓ)), so it is finite and exact for |ℓ| up to
/// the type's range; it is also the usual cross-entropy for x ∈ [0, 1] (grey-level images), where it
/// is not a normalised density (see ContinuousBernoulli for that). Logits ±∞ are certain outcomes;
/// NaN logits are refused when validating.
/// </remarks>
public sealed class Bernoulli<T> : Distribution<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static Bernoulli()
    {
        Kl<T>.Register<Bernoulli<T>, Bernoulli<T>>(KlBernoulliBernoulli);
    }

    /// <summary>Bernoulli(σ(logits)).</summary>
    /// <exception cref="ArgumentException">A logit is NaN (when <paramref name="validate"/>).</exception>
    public Bernoulli(Var<T> logits, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (validate) Constraint.NotNaN(logits.Value, nameof(logits), "Bernoulli");
        Logits = logits;
    }

    /// <summary>
    /// <c>new Bernoulli(logits, validate)</c>, except that built on the same logits node as in an earlier
    /// evaluation (a training loop reusing its tape) it returns the instance made then: no allocation per step.
    /// </summary>
    /// <exception cref="ArgumentException">A logit is NaN (when <paramref name="validate"/>).</exception>
    public static Bernoulli<T> FromLogits(Var<T> logits, bool validate = true)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Attachment is Bernoulli<T> previous)
        {
            if (validate) Constraint.NotNaN(logits.Value, nameof(logits), "Bernoulli");
            return previous;
        }
        var bernoulli = new Bernoulli<T>(logits, validate);
        logits.Attachment = bernoulli;
        return bernoulli;
    }

    /// <summary>ℓ = log(p / (1 − p)).</summary>
    public Var<T> Logits { get; }

    /// <summary>p = σ(ℓ).</summary>
    public Var<T> Probs => Sigmoid(Logits);

    /// <inheritdoc />
    public override Tape<T> Tape => Logits.Tape;

    /// <inheritdoc />
    public override Shape BatchShape => Logits.Shape;

    /// <inheritdoc />
    public override Shape EventShape => Shape.Scalar;

    /// <summary>log p(x) = x ℓ − softplus(ℓ), by the fused <see cref="Ops.LogBernoulli{T}"/> (x and ℓ broadcast together first).</summary>
    public override Var<T> LogProb(Var<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var shape = Shape.Broadcast(value.Shape, Logits.Shape);
        return LogBernoulli(Broadcast(Logits, shape), Broadcast(value, shape));
    }

    private static Var<T> Broadcast(Var<T> x, Shape shape) => x.Shape == shape ? x : BroadcastTo(x, shape);

    /// <summary>Draws xᵢ = 1 with probability σ(ℓᵢ).</summary>
    public override Tensor<T> Sample(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var x = new Tensor<T>(BatchShape);
        var logits = Logits.Value.ReadOnlySpan;
        var span = x.Span;
        for (int i = 0; i < span.Length; i++)
            span[i] = rng.NextDouble() < Probability(double.CreateChecked(logits[i])) ? T.One : T.Zero;
        return x;
    }

    /// <summary>The deterministic decode: 1 where p ≥ ½ (ℓ ≥ 0), else 0.</summary>
    public Tensor<T> Mode()
    {
        var x = new Tensor<T>(BatchShape);
        var logits = Logits.Value.ReadOnlySpan;
        for (int i = 0; i < logits.Length; i++) x[i] = logits[i] >= T.Zero ? T.One : T.Zero;
        return x;
    }

    /// <summary>H = softplus(ℓ) − ℓ σ(ℓ).</summary>
    public override Var<T> Entropy() => Softplus(Logits) - Logits * Probs;

    /// <summary>E[X] = σ(ℓ).</summary>
    public override Var<T> Mean => Probs;

    /// <summary>Var[X] = σ(ℓ) σ(−ℓ).</summary>
    public override Var<T> Variance => Probs * Sigmoid(-Logits);

    private static double Probability(double logit) => 1 / (1 + Math.Exp(-logit));

    /// <summary>
    /// KL(p‖q) = σ(ℓp)(ℓp − ℓq) + softplus(ℓq) − softplus(ℓp): from
    /// Σₓ p(x)(log p(x) − log q(x)) with log p(x) = x ℓ − softplus(ℓ); finite for any finite logits.
    /// </summary>
    private static Var<T> KlBernoulliBernoulli(Bernoulli<T> p, Bernoulli<T> q) =>
        p.Probs * (p.Logits - q.Logits) + Softplus(q.Logits) - Softplus(p.Logits);
}
