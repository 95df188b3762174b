using System.Numerics;
using System.Runtime.CompilerServices;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>Binary versions of [0, 1] data for Bernoulli decoders: a fixed threshold, or Bernoulli draws.</summary>
public static class Binarization
{
    /// <summary>
    /// Static binarisation: each observed value x becomes 1 when x &gt; <paramref name="threshold"/>,
    /// else 0 (missing values stay 0; the mask and labels are kept).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not finite.</exception>
    public static Dataset<T> Threshold<T>(Dataset<T> data, double threshold = 0.5) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!double.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), "The threshold must be finite.");
        var t = T.CreateChecked(threshold);
        var x = data.Features.ReadOnlySpan;
        var m = data.Mask is null ? default : data.Mask.ReadOnlySpan;
        var y = new Tensor<T>(data.Features.Shape);
        var target = y.Span;
        for (int i = 0; i < x.Length; i++)
            target[i] = x[i] > t && (m.IsEmpty || m[i] == T.One) ? T.One : T.Zero;
        return new Dataset<T>(y, data.Labels, data.Mask);
    }

    /// <summary>
    /// Dynamic binarisation for <paramref name="epoch"/>: each value p in [0, 1] becomes 1 with
    /// probability p, else 0. Value [r, c] uses draw r·d + c of the (seed, epoch) stream, exactly as
    /// <see cref="MiniBatcher{T}"/> does with <c>binarize: true</c>. Missing values (0) stay 0.
    /// </summary>
    /// <exception cref="ArgumentException">A value lies outside [0, 1].</exception>
    public static Dataset<T> Sample<T>(Dataset<T> data, ulong seed, int epoch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var y = data.Features.Clone();
        SampleInPlace(y.Span, SplitMix64.Key(seed, DrawPurpose.Binarize, epoch), 0);
        return new Dataset<T>(y, data.Labels, data.Mask);
    }

    /// <summary>
    /// Replaces each probability p in <paramref name="values"/> by 1 when draw
    /// <c>firstIndex + i</c> of <paramref name="key"/>, uniform on [0, 1), is below p; else 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SampleInPlace<T>(Span<T> values, ulong key, ulong firstIndex) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            double p = double.CreateTruncating(values[i]);
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException(
                    $"Binarisation needs values in [0, 1]; flat element {firstIndex + (ulong)i} is {p}. Scale the data to [0, 1] first.", nameof(values));
            values[i] = SplitMix64.UnitAt(key, firstIndex + (ulong)i) < p ? T.One : T.Zero;
        }
    }
}
