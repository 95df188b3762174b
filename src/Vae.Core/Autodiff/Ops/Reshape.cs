using System.Numerics;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The elements of <paramref name="x"/> in row-major order, with shape <paramref name="shape"/>
    /// of the same size.
    /// </summary>
    /// <remarks>
    /// VJP: x̄ += ȳ (same flat order). The result is a copy in a buffer the tape reuses, never a view
    /// of x: nodes on a tape never alias one another, so writing into one value cannot corrupt
    /// another, and a view would need a new <see cref="Tensor{T}"/> wrapper (an allocation) on every
    /// call. The copy costs one pass over memory, small next to the ops around it.
    /// </remarks>
    /// <exception cref="ShapeMismatchException">The sizes differ.</exception>
    public static Var<T> Reshape<T>(Var<T> x, Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (shape.Size != x.Value.Size)
            throw new ShapeMismatchException("Reshape", x.Shape, shape,
                $"sizes differ: {x.Value.Size} elements cannot be viewed as {shape.Size}");
        var y = x.Tape.Push(ReshapeOp<T>.Instance, shape, x);
        x.Value.ReadOnlySpan.CopyTo(y.Value.Span);
        return y;
    }

    /// <summary>
    /// <see cref="Reshape{T}(Var{T}, Shape)"/> to the dimensions <paramref name="dims"/>, of which one
    /// may be −1: it is inferred from the size of <paramref name="x"/> (e.g. <c>Reshape(x, batch, -1)</c> flattens).
    /// </summary>
    /// <exception cref="ArgumentException">More than one −1, another negative dimension, more than four dimensions, or sizes that differ.</exception>
    public static Var<T> Reshape<T>(Var<T> x, params int[] dims) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length > Shape.MaxRank)
            throw new ArgumentException($"Reshape: at most {Shape.MaxRank} dimensions; got [{string.Join(", ", dims)}] for x of shape {x.Shape}.", nameof(dims));
        Span<int> resolved = stackalloc int[dims.Length];
        int inferred = -1, known = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1 && inferred < 0) inferred = i;
            else if (dims[i] < 0)
                throw new ArgumentException($"Reshape: dimension {i} of [{string.Join(", ", dims)}] is {dims[i]}; only one −1 (inferred) is allowed, others must be >= 0 (x has shape {x.Shape}).", nameof(dims));
            else known *= dims[i];
            resolved[i] = dims[i];
        }
        if (inferred >= 0)
        {
            if (known == 0 || x.Value.Size % known != 0)
                throw new ArgumentException($"Reshape: cannot infer the −1 in [{string.Join(", ", dims)}] for x of shape {x.Shape} ({x.Value.Size} elements).", nameof(dims));
            resolved[inferred] = x.Value.Size / known;
        }
        return Reshape(x, new Shape(resolved));
    }

    private sealed class ReshapeOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ReshapeOp<T> Instance = new();
        public override string Name => "Reshape";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            TP.Add(g, y.GradSpan, g);
        }
    }
}
