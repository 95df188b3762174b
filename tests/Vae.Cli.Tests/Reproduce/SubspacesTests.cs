using Vae.Cli.Reproduce;
using Vae.Core.Tensors;

namespace Vae.Cli.Tests.Reproduce;

public class SubspacesTests
{
    /// <summary>
    /// In ℝ³, span{(1, 0, 0), (0, 1, 0)} against span{(1, 0, 0), (0, cos θ, sin θ)}: the principal angles
    /// are 0 and θ, so the largest is θ whatever basis spans the first plane (here a non-orthogonal one).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(10.0)]
    [InlineData(45.0)]
    [InlineData(90.0)]
    public void The_largest_principal_angle_of_two_planes_is_their_tilt(double degrees)
    {
        double t = degrees * Math.PI / 180;
        var plane = Tensor<float>.FromArray([2f, 0f, 0f, 3f, 5f, 0f], 2, 3); // rows (2, 0, 0) and (3, 5, 0) span the xy-plane
        var tilted = Tensor<double>.FromArray([1, 0, 0, 0, Math.Cos(t), Math.Sin(t)], 2, 3);
        // Tolerance: float inputs and arccos near 0, where an error ε in the cosine gives an angle error √(2ε) ≈ 0.03° for ε ~ 1e-7.
        Assert.Equal(degrees, Subspaces.LargestAngleDegrees(plane, tilted), 0.05);
    }
}
