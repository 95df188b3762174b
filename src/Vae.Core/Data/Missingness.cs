using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>Synthetic missing values for experiments on incomplete data.</summary>
public static class Missingness
{
    /// <summary>
    /// Missing completely at random: each value is independently hidden with probability
    /// <paramref name="rate"/> (value [r, c] is hidden when draw r·d + c of the seed's stream, uniform
    /// on [0, 1), is below the rate). Returns the data zero-filled at hidden values with the mask
    /// (0 hidden, 1 observed); a value already missing stays missing. Labels are kept.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1].</exception>
    public static Dataset<T> Mcar<T>(Dataset<T> data, double rate, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(rate >= 0 && rate <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), $"The rate must lie in [0, 1]; got {rate}.");
        ulong key = SplitMix64.Key(seed, DrawPurpose.Mcar, 0);
        var x = data.Features.Clone();
        var mask = data.Mask?.Clone() ?? Tensor<T>.Full(x.Shape, T.One);
        var xs = x.Span;
        var ms = mask.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            if (SplitMix64.UnitAt(key, (ulong)i) >= rate) continue;
            xs[i] = T.Zero;
            ms[i] = T.Zero;
        }
        return new Dataset<T>(x, data.Labels, mask);
    }
}
