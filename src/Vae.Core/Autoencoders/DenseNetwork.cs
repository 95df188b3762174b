using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>
/// An <see cref="Mlp{T}"/> whose activations are named (<see cref="ActivationKind"/>) rather than
/// arbitrary functions, so their derivatives are known in closed form: the encoder a
/// <see cref="ContractiveAutoencoder{T}"/> needs, and an ordinary encoder or decoder elsewhere.
/// </summary>
/// <remarks>
/// Sizes [d₀, …, d_L] give L affine layers with <see cref="HiddenActivation"/> after each but the last
/// and <see cref="OutputActivation"/> after the last. The layers are those of the wrapped
/// <see cref="Mlp"/>, built from the same generator, so parameters are named <c>0.weight</c>,
/// <c>0.bias</c>, … and a given seed gives the same weights as an <see cref="Mlp{T}"/> of the same sizes.
/// </remarks>
public sealed class DenseNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Builds the layers for <paramref name="sizes"/>; weights are filled by
    /// <paramref name="weightInit"/> (Glorot/Xavier uniform when null) from <paramref name="rng"/>, biases are zero.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two sizes, or a size that is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An activation is not a defined <see cref="ActivationKind"/>.</exception>
    public DenseNetwork(IReadOnlyList<int> sizes, ActivationKind hiddenActivation, ActivationKind outputActivation, Rng rng,
        Action<Tensor<T>, Rng>? weightInit = null)
    {
        HiddenActivation = ActivationFunctions.Check(hiddenActivation, nameof(hiddenActivation));
        OutputActivation = ActivationFunctions.Check(outputActivation, nameof(outputActivation));
        Mlp = new Mlp<T>(sizes, ActivationFunctions.Function<T>(hiddenActivation), rng,
            outputActivation == ActivationKind.Identity ? null : ActivationFunctions.Function<T>(outputActivation), weightInit);
    }

    /// <summary>The underlying MLP.</summary>
    public Mlp<T> Mlp { get; }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Linear<T>> Layers => Mlp.Layers;

    /// <summary>The activation after every layer but the last.</summary>
    public ActivationKind HiddenActivation { get; }

    /// <summary>The activation after the last layer.</summary>
    public ActivationKind OutputActivation { get; }

    /// <inheritdoc />
    public int InputSize => Mlp.Layers[0].InputSize;

    /// <inheritdoc />
    public int OutputSize => Mlp.Layers[^1].OutputSize;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => Mlp.Parameters;

    /// <summary>The activation after layer <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer.</exception>
    public ActivationKind ActivationAfter(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, Layers.Count);
        return layer == Layers.Count - 1 ? OutputActivation : HiddenActivation;
    }

    /// <inheritdoc />
    public Var<T> Forward(Var<T> x)
    {
        NetworkShapes.CheckInput(x, InputSize, "network");
        return Mlp.Forward(x);
    }
}
