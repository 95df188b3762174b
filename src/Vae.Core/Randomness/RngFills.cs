using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Randomness;

public sealed partial class Rng
{
    /// <summary>Elements handled per pass of a bulk fill: the words and temporaries live on the stack.</summary>
    private const int Chunk = 512;

    /// <summary>Fills <paramref name="destination"/> with uniform values in [0, 1) (<c>float</c> or <c>double</c>).</summary>
    /// <remarks>
    /// Exactly the values of successive <see cref="NextSingle"/> or <see cref="NextDouble"/> calls:
    /// 24 bits (one word) per <c>float</c>, 53 bits (two words) per <c>double</c>.
    /// </remarks>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillUniform<T>(Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var target = MemoryMarshal.Cast<T, float>(destination);
            Span<uint> words = stackalloc uint[Chunk];
            for (int start = 0; start < target.Length; start += Chunk)
            {
                var part = target.Slice(start, Math.Min(Chunk, target.Length - start));
                var w = words[..part.Length];
                FillUInt32(w);
                WordConversions.ToSingle(w, part);
            }
        }
        else if (typeof(T) == typeof(double))
        {
            var target = MemoryMarshal.Cast<T, double>(destination);
            Span<uint> words = stackalloc uint[2 * Chunk];
            for (int start = 0; start < target.Length; start += Chunk)
            {
                var part = target.Slice(start, Math.Min(Chunk, target.Length - start));
                var w = words[..(2 * part.Length)];
                FillUInt32(w);
                WordConversions.ToDouble(w, part);
            }
        }
        else throw NotSupported<T>();
    }

    /// <summary>Fills <paramref name="destination"/> with low + (high − low)·u for uniform u in [0, 1).</summary>
    /// <remarks>
    /// The values lie in [low, high) up to the rounding of that expression, which can give exactly
    /// <paramref name="high"/> when |low| is large compared with high − low.
    /// </remarks>
    /// <exception cref="ArgumentException">The bounds are not finite or high &lt; low.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public void FillUniform<T>(Span<T> destination, T low, T high) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(low) || !T.IsFinite(high) || high < low)
            throw new ArgumentException($"Uniform bounds must be finite with low <= high; got [{low}, {high}).", nameof(high));
        FillUniform(destination);
        TP.Multiply(destination, high - low, destination);
        TP.Add(destination, low, destination);
    }

    /// <summary>Fills <paramref name="destination"/> with independent standard normal variates.</summary>
    /// <remarks>
    /// <para>
    /// The Box–Muller transform (G. E. P. Box and M. E. Muller, Ann. Math. Statist. 29(2), 1958):
    /// from independent uniforms u₁ ∈ (0, 1] and u₂ ∈ [0, 1), r = √(−2 ln u₁) and θ = 2π u₂ give two
    /// independent N(0, 1) variates r cos θ and r sin θ. The work is done in passes of up to
    /// 512 values: a pass of n values draws ⌈n/2⌉ values u₁ (as 1 − u from
    /// <see cref="FillUniform{T}(Span{T})"/>), then ⌈n/2⌉ values u₂, and writes the cosines followed by
    /// the sines (dropping the last sine when n is odd). Logarithm, square root, sine and cosine run
    /// vectorised through TensorPrimitives in <typeparamref name="T"/> (a separate Sin and Cos: the
    /// fused SinCos is not vectorised and is several times slower).
    /// </para>
    /// <para>
    /// The tails are truncated where u₁ reaches its smallest value: |z| ≤ √(48 ln 2) ≈ 5.77 for
    /// <c>float</c> (probability of exceeding it under N(0, 1): 8·10⁻⁹) and √(106 ln 2) ≈ 8.57 for
    /// <c>double</c>.
    /// </para>
    /// </remarks>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillNormal<T>(Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) throw NotSupported<T>();
        Span<T> radius = stackalloc T[Chunk / 2];
        Span<T> angle = stackalloc T[Chunk / 2];
        T minusTwo = -(T.One + T.One), twoPi = T.Tau;
        for (int start = 0; start < destination.Length; start += Chunk)
        {
            var part = destination.Slice(start, Math.Min(Chunk, destination.Length - start));
            int pairs = (part.Length + 1) / 2, sines = part.Length - pairs;
            Span<T> r = radius[..pairs], a = angle[..pairs];
            FillUniform(r);
            FillUniform(a);
            TP.Subtract(T.One, r, r);
            TP.Log(r, r);
            TP.Multiply(r, minusTwo, r);
            TP.Sqrt(r, r);
            TP.Multiply(a, twoPi, a);
            Span<T> cosines = part[..pairs];
            TP.Cos(a, cosines);
            TP.Multiply(cosines, r, cosines);
            TP.Sin(a[..sines], a[..sines]);
            TP.Multiply(a[..sines], r[..sines], part[pairs..]);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with independent N(mean, standardDeviation²) variates.</summary>
    /// <remarks>mean + standardDeviation·z with z from <see cref="FillNormal{T}(Span{T})"/>.</remarks>
    /// <exception cref="ArgumentException">The mean is not finite, or the standard deviation is negative or not finite.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public void FillNormal<T>(Span<T> destination, T mean, T standardDeviation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(mean))
            throw new ArgumentException($"The mean must be finite; got {mean}.", nameof(mean));
        if (!T.IsFinite(standardDeviation) || standardDeviation < T.Zero)
            throw new ArgumentException($"The standard deviation must be finite and >= 0; got {standardDeviation}.", nameof(standardDeviation));
        FillNormal(destination);
        TP.Multiply(destination, standardDeviation, destination);
        TP.Add(destination, mean, destination);
    }

    /// <summary>Fills <paramref name="destination"/> with independent Bernoulli(<paramref name="probability"/>) values: 1 or 0.</summary>
    /// <remarks>
    /// One word w per value: 1 when w &lt; t with t = round(p·2³²), so P(1) = t/2³² is within 2⁻³³ of
    /// p, exactly 0 for p = 0 and exactly 1 for p = 1.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The probability is outside [0, 1] or NaN.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillBernoulli<T>(Span<T> destination, double probability) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), $"A probability must be in [0, 1]; got {probability}.");
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double)) throw NotSupported<T>();
        ulong threshold = (ulong)Math.Round(probability * 4294967296.0);
        Span<uint> words = stackalloc uint[Chunk];
        for (int start = 0; start < destination.Length; start += Chunk)
        {
            var part = destination.Slice(start, Math.Min(Chunk, destination.Length - start));
            var w = words[..part.Length];
            FillUInt32(w);
            WordConversions.ToBernoulli(w, threshold, part);
        }
    }

    private static NotSupportedException NotSupported<T>() =>
        new($"Rng fills spans of float or double; got {typeof(T).Name}.");
}
