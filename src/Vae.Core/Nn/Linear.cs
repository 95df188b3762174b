using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Nn;

/// <summary>
/// An affine layer y = xW + b for a batch of row vectors x: [batch, inputs] → [batch, outputs].
/// </summary>
/// <remarks>
/// The weight is stored [inputs, outputs] (PyTorch stores its transpose, [outputs, inputs]), so the
/// forward pass is one <see cref="Ops.Affine{T}"/> (a matrix product onto rows preset to the bias) with
/// no transposition, or one <see cref="Ops.MatMul{T}"/> without a bias. Parameters are named
/// <c>weight</c> and <c>bias</c>.
/// </remarks>
public sealed class Linear<T> : IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> parameters = new();

    /// <summary>
    /// A layer whose weight is filled by <paramref name="weightInit"/> (Glorot/Xavier uniform when
    /// null) drawing from <paramref name="rng"/>, then its bias by <paramref name="biasInit"/> given the
    /// fan-in (zero when null; e.g. <see cref="Init.UniformFanInBias{T}"/>), unless <paramref name="bias"/> is false.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Linear(int inputs, int outputs, Rng rng, Action<Tensor<T>, Rng>? weightInit = null, bool bias = true,
        Action<Tensor<T>, int, Rng>? biasInit = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        ArgumentNullException.ThrowIfNull(rng);
        Weight = Tensor<T>.Zeros(inputs, outputs);
        (weightInit ?? Init.XavierUniform)(Weight, rng);
        parameters.Add("weight", Weight);
        if (bias)
        {
            Bias = Tensor<T>.Zeros(outputs);
            biasInit?.Invoke(Bias, inputs, rng);
            parameters.Add("bias", Bias);
        }
    }

    /// <summary>The number of input features.</summary>
    public int InputSize => Weight.Shape[0];

    /// <summary>The number of output features.</summary>
    public int OutputSize => Weight.Shape[1];

    /// <summary>The weight, [inputs, outputs].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>The bias, [outputs]; null for a layer built without one.</summary>
    public Tensor<T>? Bias { get; }

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => parameters;

    /// <summary>y = xW + b for <paramref name="x"/> of shape [batch, inputs].</summary>
    /// <exception cref="ShapeMismatchException"><paramref name="x"/> is not [batch, inputs].</exception>
    public Var<T> Forward(Var<T> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var weight = x.Tape.Param(Weight);
        return Bias is null ? Ops.MatMul(x, weight) : Ops.Affine(x, weight, x.Tape.Param(Bias));
    }
}
