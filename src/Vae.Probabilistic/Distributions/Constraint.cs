using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Distributions;

/// <summary>Parameter checks shared by the distributions; each message names the family, the parameter, the element and the rule.</summary>
internal static class Constraint
{
    /// <summary>Every element is finite.</summary>
    public static void Finite<T>(Tensor<T> value, string parameter, string family) where T : unmanaged, IFloatingPointIeee754<T> =>
        Check(value, parameter, family, "be finite", T.IsFinite);

    /// <summary>Every element is finite and &gt; 0.</summary>
    public static void Positive<T>(Tensor<T> value, string parameter, string family) where T : unmanaged, IFloatingPointIeee754<T> =>
        Check(value, parameter, family, "be finite and > 0", v => T.IsFinite(v) && v > T.Zero);

    /// <summary>Every element is a non-NaN logit (±∞ allowed: a certain outcome).</summary>
    public static void NotNaN<T>(Tensor<T> value, string parameter, string family) where T : unmanaged, IFloatingPointIeee754<T> =>
        Check(value, parameter, family, "not be NaN", v => !T.IsNaN(v));

    private static void Check<T>(Tensor<T> value, string parameter, string family, string rule, Func<T, bool> ok)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var span = value.ReadOnlySpan;
        for (int i = 0; i < span.Length; i++)
            if (!ok(span[i]))
                throw new ArgumentException(
                    $"{family}: every element of '{parameter}' (shape {value.Shape}) must {rule}; element {i} is {span[i]}.", parameter);
    }
}
