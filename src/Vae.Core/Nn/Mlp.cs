using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Nn;

/// <summary>
/// A multilayer perceptron: <see cref="Linear{T}"/> layers of the given sizes with an activation
/// between them and an optional one after the last.
/// </summary>
/// <remarks>
/// Sizes [d₀, d₁, …, d_L] give L layers dᵢ → dᵢ₊₁, named <c>0</c>, <c>1</c>, … so the parameters
/// are <c>0.weight</c>, <c>0.bias</c>, <c>1.weight</c>, …. Layers are initialised in order from the
/// one generator, so the same seed gives the same network.
/// </remarks>
/// <example><code>var encoder = new Mlp&lt;float&gt;([784, 400, 40], Activations.Relu, rng, weightInit: Init.HeUniform);</code></example>
public sealed class Mlp<T> : IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Linear<T>[] layers;
    private readonly Func<Var<T>, Var<T>> activation;
    private readonly Func<Var<T>, Var<T>>? outputActivation;
    private readonly ParameterSet<T> parameters = new();

    /// <summary>
    /// Builds the layers for <paramref name="sizes"/> with <paramref name="activation"/> after each
    /// hidden layer and <paramref name="outputActivation"/> (none when null) after the last; weights
    /// are filled by <paramref name="weightInit"/> (Glorot/Xavier uniform when null), biases by
    /// <paramref name="biasInit"/> given the layer's fan-in (zero when null).
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two sizes, or a size that is not positive.</exception>
    public Mlp(IReadOnlyList<int> sizes, Func<Var<T>, Var<T>> activation, Rng rng,
        Func<Var<T>, Var<T>>? outputActivation = null, Action<Tensor<T>, Rng>? weightInit = null,
        Action<Tensor<T>, int, Rng>? biasInit = null)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(activation);
        ArgumentNullException.ThrowIfNull(rng);
        if (sizes.Count < 2 || sizes.Any(s => s <= 0))
            throw new ArgumentException($"An MLP needs at least two positive sizes; got [{string.Join(", ", sizes)}].", nameof(sizes));
        this.activation = activation;
        this.outputActivation = outputActivation;
        layers = new Linear<T>[sizes.Count - 1];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = new Linear<T>(sizes[i], sizes[i + 1], rng, weightInit, biasInit: biasInit);
            parameters.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]);
        }
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Linear<T>> Layers => layers;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => parameters;

    /// <summary>The network applied to <paramref name="x"/> of shape [batch, d₀]; the result is [batch, d_L].</summary>
    public Var<T> Forward(Var<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        for (int i = 0; i < layers.Length - 1; i++) x = activation(layers[i].Forward(x));
        x = layers[^1].Forward(x);
        return outputActivation is null ? x : outputActivation(x);
    }
}
