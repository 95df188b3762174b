using System.Numerics;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Models;

/// <summary>The data a <see cref="Decoding"/> reads off an element-wise p(x | z), family by family.</summary>
internal static class DecodedData
{
    /// <summary>The mean, mode or a draw of <paramref name="likelihood"/> (a copy owned by the caller).</summary>
    public static Tensor<T> Read<T>(Distribution<T> likelihood, Decoding decoding, Rng? rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        decoding switch
        {
            Decoding.Mean => Mean(likelihood),
            Decoding.Mode => Mode(likelihood),
            Decoding.Sample => likelihood.Sample(rng!),
            _ => throw new ArgumentOutOfRangeException(nameof(decoding), decoding, "Unknown decoding."),
        };

    /// <summary>E[x | z].</summary>
    /// <exception cref="InvalidOperationException">A Student-t likelihood has ν ≤ 1 somewhere, where the mean does not exist.</exception>
    private static Tensor<T> Mean<T>(Distribution<T> likelihood) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckMeanExists(likelihood);
        return likelihood.Mean.Value.Clone();
    }

    /// <summary>Refuses a likelihood whose mean does not exist: a Student-t with ν ≤ 1 (or NaN) anywhere.</summary>
    /// <exception cref="InvalidOperationException">The mean does not exist, naming the first offending element of ν.</exception>
    public static void CheckMeanExists<T>(Distribution<T> likelihood) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (likelihood is not StudentT<T> studentT) return;
        ReadOnlySpan<T> df = studentT.Df.Value.ReadOnlySpan;
        for (int i = 0; i < df.Length; i++)
            if (!(df[i] > T.One))
                throw new InvalidOperationException(
                    $"The mean of a Student-t likelihood exists only for ν > 1; ν = {df[i]} at element {i} of ν (shape {studentT.Df.Shape}). " +
                    "Decode with Decoding.Mode (the location μ, also the median) instead; conditional means (single imputation) do not exist either.");
    }

    /// <summary>The most probable x.</summary>
    /// <exception cref="NotSupportedException">The family is not one whose mode is known here.</exception>
    private static Tensor<T> Mode<T>(Distribution<T> likelihood) where T : unmanaged, IFloatingPointIeee754<T> =>
        likelihood switch
        {
            Bernoulli<T> bernoulli => bernoulli.Mode(),
            ContinuousBernoulli<T> continuous => ContinuousBernoulliMode(continuous.Logits.Value),
            Normal<T> normal => BroadcastTo(normal.Loc, normal.BatchShape).Value.Clone(),
            Laplace<T> laplace => BroadcastTo(laplace.Loc, laplace.BatchShape).Value.Clone(),
            StudentT<T> studentT => BroadcastTo(studentT.Loc, studentT.BatchShape).Value.Clone(),
            _ => throw new NotSupportedException(
                "Mode decoding is defined for Bernoulli (1 where the logit is ≥ 0), ContinuousBernoulli (1 where the logit is > 0, 0 where < 0, ½ at 0), " +
                $"Normal, Laplace and StudentT (the location) likelihoods; got {likelihood.GetType().Name}. Use Mean or Sample."),
        };

    /// <summary>
    /// The continuous Bernoulli density C(λ) λˣ (1 − λ)^(1−x) = exp(ℓx − A(ℓ)) is increasing in x for
    /// ℓ &gt; 0 and decreasing for ℓ &lt; 0, so its mode on [0, 1] is 1 or 0; at ℓ = 0 it is uniform and
    /// every point is a mode: ½ (the mean) is taken. A NaN logit gives NaN.
    /// </summary>
    private static Tensor<T> ContinuousBernoulliMode<T>(Tensor<T> logits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mode = new Tensor<T>(logits.Shape);
        ReadOnlySpan<T> l = logits.ReadOnlySpan;
        var target = mode.Span;
        var half = T.CreateChecked(0.5);
        for (int i = 0; i < target.Length; i++) target[i] = l[i] > T.Zero ? T.One : l[i] < T.Zero ? T.Zero : l[i] == T.Zero ? half : T.NaN;
        return mode;
    }
}
