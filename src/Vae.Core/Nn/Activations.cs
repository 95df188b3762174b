using System.Numerics;
using Vae.Core.Autodiff;

namespace Vae.Core.Nn;

/// <summary>
/// Element-wise activations to pass where a <c>Func&lt;Var&lt;T&gt;, Var&lt;T&gt;&gt;</c> is expected,
/// e.g. <c>new Mlp&lt;float&gt;([784, 400, 20], Activations.Relu, rng)</c>.
/// </summary>
public static class Activations
{
    /// <summary>max(x, 0); see <see cref="Ops.Relu{T}"/>.</summary>
    public static Var<T> Relu<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Ops.Relu(x);

    /// <summary>tanh(x); see <see cref="Ops.Tanh{T}"/>.</summary>
    public static Var<T> Tanh<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Ops.Tanh(x);

    /// <summary>1 / (1 + e^(−x)); see <see cref="Ops.Sigmoid{T}"/>.</summary>
    public static Var<T> Sigmoid<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> => Ops.Sigmoid(x);

    /// <summary>x itself (no node is recorded).</summary>
    public static Var<T> Identity<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> => x;
}
