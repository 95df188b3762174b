using System.Numerics;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;

namespace Vae.Probabilistic.Objectives;

/// <summary>Wraps an element-wise likelihood over [rows, features] into a distribution over whole rows.</summary>
internal static class Observation
{
    /// <summary>Independent over the features for complete data; Masked (observed features only) when a mask is given.</summary>
    public static Distribution<T> OverRows<T>(Distribution<T> elementwise, Tensor<T>? mask) where T : unmanaged, IFloatingPointIeee754<T> =>
        mask is null ? elementwise.ToEvent(1) : new Masked<T>(elementwise, mask, 1);
}
