using Vae.Core.Tensors;

namespace Vae.Cli.Reproduce;

/// <summary>Statistics of a batch of codes h [n, k].</summary>
internal static class CodeStatistics
{
    /// <summary>ρ̂ⱼ = (1/n) Σᵢ hᵢⱼ for each unit j, accumulated in double.</summary>
    public static double[] MeanActivations(Tensor<float> codes)
    {
        int n = codes.Shape[0], k = codes.Shape[1];
        var means = new double[k];
        var h = codes.ReadOnlySpan;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < k; j++) means[j] += h[i * k + j];
        for (int j = 0; j < k; j++) means[j] /= n;
        return means;
    }

    /// <summary>The fraction of the n·k activations below <paramref name="threshold"/>.</summary>
    public static double FractionBelow(Tensor<float> codes, double threshold)
    {
        int below = 0;
        foreach (float v in codes.ReadOnlySpan)
            if (v < threshold) below++;
        return (double)below / codes.Size;
    }
}
