using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

/// <summary>Reverse-mode differentiation as plain functions, for scripts and tests (C# and F#).</summary>
/// <remarks>
/// Each call records on a fresh <see cref="Tape{T}"/>, so calls are independent and thread-safe.
/// A training loop reuses one tape instead (<see cref="Tape{T}.ValueAndGrad(IReadOnlyList{Tensor{T}}, Func{Tape{T}, Var{T}})"/>)
/// to reuse its buffers.
/// </remarks>
public static class Grad
{
    /// <summary>
    /// f(θ) and ∇f(θ) for a scalar function <paramref name="loss"/> of the leaves it is given, one per
    /// tensor in <paramref name="parameters"/>.
    /// </summary>
    /// <example><code>var r = Grad.ValueAndGrad([w], p => Ops.Sum(Ops.Square(p[0])));  // r.Gradients[0] = 2w</code></example>
    public static ValueAndGradient<T> ValueAndGrad<T>(IReadOnlyList<Tensor<T>> parameters, Func<IReadOnlyList<Var<T>>, Var<T>> loss)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new Tape<T>().ValueAndGrad(parameters, loss);

    /// <summary>The value of <paramref name="function"/> at <paramref name="parameters"/>, recorded on a fresh tape.</summary>
    public static T Value<T>(IReadOnlyList<Tensor<T>> parameters, Func<IReadOnlyList<Var<T>>, Var<T>> function)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tape = new Tape<T>();
        var leaves = parameters.Select(tape.Constant).ToArray();
        return function(leaves).Value.ToScalar();
    }
}
