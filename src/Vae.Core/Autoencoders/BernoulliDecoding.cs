using System.Numerics;
using System.Runtime.CompilerServices;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>
/// Binary images from the logits ℓ of a Bernoulli decoder (<see cref="ReconstructionLoss.BernoulliCrossEntropy"/>):
/// the most probable value, or a draw.
/// </summary>
public static class BernoulliDecoding
{
    /// <summary>
    /// The mode: 1 where σ(ℓ) ≥ ½, i.e. where ℓ ≥ 0 (so ℓ = ±0 gives 1), else 0. Decided on the logit,
    /// exactly: σ(ℓ) computed in floating point rounds to ½ for |ℓ| below about 2⁻²⁴ (float) and
    /// would misclassify small negative logits.
    /// </summary>
    /// <exception cref="ArgumentException">A logit is NaN.</exception>
    public static Tensor<T> Threshold<T>(Tensor<T> logits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        var result = new Tensor<T>(logits.Shape);
        Threshold(logits, result);
        return result;
    }

    /// <summary><see cref="Threshold{T}(Tensor{T})"/> into <paramref name="destination"/> (same shape; may be <paramref name="logits"/>).</summary>
    /// <exception cref="ArgumentException">The shapes differ, or a logit is NaN.</exception>
    public static void Threshold<T>(Tensor<T> logits, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(logits, destination);
        ReadOnlySpan<T> l = logits.ReadOnlySpan;
        var y = destination.Span;
        for (int i = 0; i < l.Length; i++)
        {
            if (T.IsNaN(l[i])) throw NaN(i);
            y[i] = l[i] >= T.Zero ? T.One : T.Zero;
        }
    }

    /// <summary>
    /// Independent draws: 1 with probability σ(ℓ), else 0. Element i is 1 when the i-th uniform
    /// u ∈ [0, 1) of <paramref name="rng"/> (<see cref="Rng.FillUniform{T}(Span{T})"/>, in
    /// <typeparamref name="T"/>) is below σ(ℓᵢ) computed in <typeparamref name="T"/>.
    /// </summary>
    /// <remarks>
    /// P(1) is the computed σ(ℓ) rounded up to the uniform's grid (2⁻²⁴ for float, 2⁻⁵³ for double), an
    /// error below 6·10⁻⁸ on top of the rounding of σ(ℓ) in <typeparamref name="T"/>. ℓ = +∞ always gives
    /// 1 and ℓ = −∞ always 0.
    /// </remarks>
    /// <exception cref="ArgumentException">A logit is NaN.</exception>
    public static Tensor<T> Sample<T>(Tensor<T> logits, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        var result = new Tensor<T>(logits.Shape);
        Sample(logits, rng, result);
        return result;
    }

    /// <summary><see cref="Sample{T}(Tensor{T}, Rng)"/> into <paramref name="destination"/> (same shape; may be <paramref name="logits"/>); allocates nothing.</summary>
    /// <exception cref="ArgumentException">The shapes differ, or a logit is NaN.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sample<T>(Tensor<T> logits, Rng rng, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckShapes(logits, destination);
        ArgumentNullException.ThrowIfNull(rng);
        const int chunk = 256;
        Span<T> uniforms = stackalloc T[chunk];
        ReadOnlySpan<T> l = logits.ReadOnlySpan;
        var y = destination.Span;
        for (int start = 0; start < l.Length; start += chunk)
        {
            int count = Math.Min(chunk, l.Length - start);
            var u = uniforms[..count];
            rng.FillUniform(u);
            for (int i = 0; i < count; i++)
            {
                T logit = l[start + i];
                if (T.IsNaN(logit)) throw NaN(start + i);
                T p = T.One / (T.One + T.Exp(-logit));
                y[start + i] = u[i] < p ? T.One : T.Zero;
            }
        }
    }

    private static void CheckShapes<T>(Tensor<T> logits, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(destination);
        if (logits.Shape != destination.Shape)
            throw new ArgumentException($"The destination has shape {destination.Shape}; the logits have {logits.Shape}.", nameof(destination));
    }

    private static ArgumentException NaN(int index) => new($"Logit {index} is NaN; a Bernoulli mean needs a number.", "logits");
}
