using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Models;

/// <summary>The shape check shared by the likelihoods with per-feature parameters or several outputs per feature.</summary>
internal static class LikelihoodShapes
{
    /// <summary>
    /// Checks that the last axis of <paramref name="output"/> holds <paramref name="outputsPerFeature"/>
    /// blocks of equal width and that each per-feature parameter has that width.
    /// </summary>
    /// <exception cref="ArgumentException">The output or a parameter does not fit, naming the likelihood and both shapes.</exception>
    public static void Check<T>(string likelihood, Var<T> output, int outputsPerFeature, params ReadOnlySpan<Tensor<T>?> perFeature)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Shape.Rank == 0 || output.Shape[-1] % outputsPerFeature != 0)
            throw new ArgumentException(
                $"{likelihood}: the decoder output must end in an axis of {outputsPerFeature} × features; got {output.Shape}.", nameof(output));
        int features = output.Shape[-1] / outputsPerFeature;
        foreach (var parameter in perFeature)
            if (parameter is not null && parameter.Size != features)
                throw new ArgumentException(
                    $"{likelihood}: the per-feature parameters have shape {parameter.Shape}; the decoder output {output.Shape} has {features} features.",
                    nameof(output));
    }
}
