using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

/// <summary>The value of a scalar function and its gradient with respect to each parameter, in the order given.</summary>
/// <param name="Value">f(θ).</param>
/// <param name="Gradients">∂f/∂θᵢ, one tensor per parameter, each with that parameter's shape.</param>
public readonly record struct ValueAndGradient<T>(T Value, IReadOnlyList<Tensor<T>> Gradients)
    where T : unmanaged, IFloatingPointIeee754<T>;
