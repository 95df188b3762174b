using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Nn;

public class GradientClippingTests
{
    [Fact]
    public void ScalesToExactlyTheBoundWhenAbove()
    {
        // ‖(3, 4, 12)‖ = √(9 + 16 + 144) = 13 across two tensors; clipping to 6.5 halves every entry.
        var g = new[] { Tensor<double>.FromArray([3, 4], 2), Tensor<double>.FromArray([12], 1) };
        double norm = GradientClipping.ClipByGlobalNorm(g, 6.5);
        Assert.Equal(13.0, norm);
        Assert.Equal([1.5, 2], g[0].ToArray());
        Assert.Equal([6.0], g[1].ToArray());
    }

    [Theory]
    [InlineData(0.37)]
    [InlineData(1.0)]
    [InlineData(5.0)]
    public void ClippedNormEqualsTheBoundToRounding(double maxNorm)
    {
        var rng = Rng.Create(8);
        var g = new[] { Tensor<double>.Zeros(7, 5), Tensor<double>.Zeros(5), Tensor<double>.Zeros(3, 3) };
        foreach (var t in g) rng.FillNormal(t.Span, 0.0, 2.0);
        var before = g.Select(t => t.ToArray()).ToArray();
        double norm = GradientClipping.ClipByGlobalNorm(g, maxNorm);
        Assert.True(norm > maxNorm);
        // Each element is scaled once (relative error 2⁻⁵³ per product) and the norm summed over 49
        // squares, so the clipped norm is maxNorm to within about 50 ulps; 1e-14 relative is that bound.
        Assert.Equal(maxNorm, GradientClipping.GlobalNorm(g), maxNorm * 1e-14);
        for (int t = 0; t < g.Length; t++)
            for (int i = 0; i < g[t].Size; i++) Assert.Equal(before[t][i] * (maxNorm / norm), g[t][i], 1e-15);
    }

    [Fact]
    public void LeavesSmallOrNonFiniteGradientsUnchanged()
    {
        var g = new[] { Tensor<float>.FromArray([0.3f, -0.4f], 2) };
        Assert.Equal(0.5, GradientClipping.ClipByGlobalNorm(g, 1.0), 1e-7);
        Assert.Equal([0.3f, -0.4f], g[0].ToArray());
        var bad = new[] { Tensor<float>.FromArray([float.NaN, 1f], 2) };
        Assert.True(double.IsNaN(GradientClipping.ClipByGlobalNorm(bad, 1.0)));
        Assert.Equal(1f, bad[0][1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm(g, -1));
    }
}
