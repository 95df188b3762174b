using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;

namespace Vae.Core.Autoencoders;

/// <summary>Adapters that turn existing modules into <see cref="INetwork{T}"/> pieces.</summary>
public static class Network
{
    /// <summary>The MLP as a network: its parameters, sizes and forward pass, unchanged.</summary>
    public static INetwork<T> FromMlp<T>(Mlp<T> mlp) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(mlp);
        return new FunctionNetwork<T>(mlp, mlp.Layers[0].InputSize, mlp.Layers[^1].OutputSize, mlp.Forward);
    }

    /// <summary>
    /// A network whose parameters are <paramref name="module"/>'s and whose forward pass is
    /// <paramref name="forward"/> (which must map [batch, inputSize] to [batch, outputSize] and fetch
    /// the module's tensors with <c>x.Tape.Param</c>); the output shape is checked on every call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static INetwork<T> Create<T>(IModule<T> module, int inputSize, int outputSize, Func<Var<T>, Var<T>> forward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        return new FunctionNetwork<T>(module, inputSize, outputSize, forward);
    }

    private sealed class FunctionNetwork<T>(IModule<T> module, int inputSize, int outputSize, Func<Var<T>, Var<T>> forward)
        : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int InputSize => inputSize;

        public int OutputSize => outputSize;

        public IReadOnlyList<NamedParameter<T>> Parameters => module.Parameters;

        public Var<T> Forward(Var<T> x)
        {
            NetworkShapes.CheckInput(x, inputSize, "network");
            var y = forward(x);
            if (y.Shape.Rank != 2 || y.Shape[0] != x.Shape[0] || y.Shape[1] != outputSize)
                throw new InvalidOperationException(
                    $"The network's forward function mapped {x.Shape} to {y.Shape}; expected [{x.Shape[0]}, {outputSize}].");
            return y;
        }
    }
}
