using System.Numerics;

namespace Vae.Core.Data;

/// <summary>
/// Scaling to [0, 1] per feature, (x - min) / (max - min), fitted on training data and applied
/// unchanged to any data.
/// </summary>
/// <remarks>
/// Only observed entries count. A feature constant on the training data gets divisor 1 (it maps
/// to 0). Data outside the training range map outside [0, 1]; nothing is clipped, so the map stays
/// affine and invertible. Missing entries stay 0.
/// </remarks>
public sealed class MinMaxScaler
{
    private readonly double[] min;
    private readonly double[] range;

    private MinMaxScaler(double[] min, double[] range)
    {
        this.min = min;
        this.range = range;
    }

    /// <summary>The per-feature minima of the training data.</summary>
    public IReadOnlyList<double> Min => min;

    /// <summary>The per-feature divisors: max - min of the training data, or 1 where that is 0.</summary>
    public IReadOnlyList<double> Range => range;

    /// <summary>Fits the minima and maxima of <paramref name="train"/>'s observed entries.</summary>
    public static MinMaxScaler Fit<T>(Dataset<T> train) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(train);
        var (min, max) = ColumnStatistics.MinMax(train);
        var range = new double[min.Length];
        for (int c = 0; c < range.Length; c++) range[c] = max[c] > min[c] ? max[c] - min[c] : 1;
        return new MinMaxScaler(min, range);
    }

    /// <summary>Scales <paramref name="data"/> with the fitted minima and ranges (a new dataset; mask and labels kept).</summary>
    /// <exception cref="ArgumentException">The feature count differs from the fitted one.</exception>
    public Dataset<T> Apply<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T> =>
        ColumnStatistics.Affine(data, min, range, "scaler");
}
