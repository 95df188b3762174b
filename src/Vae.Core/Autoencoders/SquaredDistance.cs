using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>The error measure of <see cref="IReconstructor{T}.ReconstructionError"/>.</summary>
internal static class SquaredDistance
{
    /// <summary>(1/n) Σₙ Σᵢ (x̂ₙᵢ − xₙᵢ)² for two [n, d] tensors, accumulated in double.</summary>
    public static double MeanRowSquaredError<T>(Tensor<T> reconstruction, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (reconstruction.Shape != x.Shape || x.Shape.Rank != 2)
            throw new ArgumentException($"Expected two [n, d] tensors of one shape; got {reconstruction.Shape} and {x.Shape}.", nameof(x));
        ReadOnlySpan<T> a = reconstruction.ReadOnlySpan, b = x.ReadOnlySpan;
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double e = double.CreateTruncating(a[i]) - double.CreateTruncating(b[i]);
            sum += e * e;
        }
        return sum / x.Shape[0];
    }
}
