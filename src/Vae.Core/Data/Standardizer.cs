using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>
/// Standardisation z = (x - mean) / std per feature, fitted on training data and applied unchanged
/// to any data (so test data never inform the statistics).
/// </summary>
/// <remarks>
/// Statistics use only observed entries (mask 1), in double precision with a two-pass variance.
/// The standard deviation is the population one (divisor n, as scikit-learn's StandardScaler), so
/// the training data come out with mean 0 and standard deviation exactly 1 per feature up to
/// rounding. A feature that is constant on the training data (std 0) gets divisor 1, so it maps to
/// 0 rather than to NaN; a feature with no observed training value gets mean 0 and divisor 1.
/// Missing entries stay 0, which is the training mean after standardisation.
/// </remarks>
public sealed class Standardizer
{
    private readonly double[] mean;
    private readonly double[] scale;

    private Standardizer(double[] mean, double[] scale)
    {
        this.mean = mean;
        this.scale = scale;
    }

    /// <summary>The per-feature means of the training data.</summary>
    public IReadOnlyList<double> Mean => mean;

    /// <summary>The per-feature divisors: the training standard deviation, or 1 where it is 0.</summary>
    public IReadOnlyList<double> Scale => scale;

    /// <summary>Fits the means and standard deviations of <paramref name="train"/>'s observed entries.</summary>
    public static Standardizer Fit<T>(Dataset<T> train) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(train);
        var (mean, std) = ColumnStatistics.MeanStd(train);
        for (int c = 0; c < std.Length; c++)
            if (std[c] == 0) std[c] = 1;
        return new Standardizer(mean, std);
    }

    /// <summary>Standardises <paramref name="data"/> with the fitted statistics (a new dataset; mask and labels kept).</summary>
    /// <exception cref="ArgumentException">The feature count differs from the fitted one.</exception>
    public Dataset<T> Apply<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T> =>
        ColumnStatistics.Affine(data, mean, scale, "standardizer");

    /// <summary>Maps standardised values [n, d] back to the original units: x = z·scale + mean.</summary>
    /// <exception cref="ArgumentException">The tensor is not [n, d] with the fitted d.</exception>
    public Tensor<T> Invert<T>(Tensor<T> standardized) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(standardized);
        int d = mean.Length;
        if (standardized.Shape.Rank != 2 || standardized.Shape[1] != d)
            throw new ArgumentException($"Expected shape [n, {d}]; got {standardized.Shape}.", nameof(standardized));
        var x = new Tensor<T>(standardized.Shape);
        var z = standardized.ReadOnlySpan;
        var target = x.Span;
        for (int i = 0; i < z.Length; i++)
            target[i] = T.CreateTruncating(double.CreateTruncating(z[i]) * scale[i % d] + mean[i % d]);
        return x;
    }
}
