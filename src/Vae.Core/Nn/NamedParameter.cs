using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Nn;

/// <summary>A trainable tensor and its dotted path in the model, e.g. <c>encoder.0.weight</c>.</summary>
/// <param name="Name">The path: module names joined by dots, ending in the parameter's own name.</param>
/// <param name="Value">The tensor, updated in place by optimisers.</param>
public sealed record NamedParameter<T>(string Name, Tensor<T> Value) where T : unmanaged, IFloatingPointIeee754<T>;
