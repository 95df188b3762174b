using System.Numerics;

namespace Vae.Core.Autodiff;

/// <summary>
/// The backward half of a differentiable op: given a node whose gradient is known, accumulate the
/// vector-Jacobian products into the gradients of its inputs.
/// </summary>
/// <remarks>
/// Each op lives in one file under <c>Autodiff/Ops</c>: a public forward function on
/// <see cref="Ops"/> and a private singleton deriving from this class, side by side. Backward reads
/// what forward saved on the node (inputs, output, scalars), and skips inputs that do not require
/// a gradient.
/// </remarks>
internal abstract class Op<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The op's name, used in error messages.</summary>
    public abstract string Name { get; }

    /// <summary>Adds (∂node/∂input)ᵀ · node.Grad to the gradient of each input that requires one.</summary>
    public abstract void Backward(Var<T> node);
}
