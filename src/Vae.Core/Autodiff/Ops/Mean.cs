using System.Numerics;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = (1/n) Σᵢ xᵢ over all n elements: a scalar.</summary>
    /// <remarks>VJP: x̄ᵢ += ȳ / n.</remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> has no elements.</exception>
    public static Var<T> Mean<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Value.Size == 0)
            throw new ArgumentException($"Mean: x of shape {x.Shape} has no elements; the mean of no terms is undefined.", nameof(x));
        var y = x.Tape.Push(MeanOp<T>.Instance, Shape.Scalar, x);
        y.Alpha = T.One / T.CreateChecked(x.Value.Size);
        y.Value[0] = TP.Sum(x.Value.ReadOnlySpan) * y.Alpha;
        return y;
    }

    /// <summary>
    /// y = (1/n) Σₖ x[…, k, …] along <paramref name="axis"/> of extent n (negative counts from the end).
    /// The axis is removed, or kept with extent 1 when <paramref name="keepDims"/>.
    /// </summary>
    /// <remarks>VJP: x̄[…, k, …] += ȳ[…] / n for every k. Same kernels as <see cref="Sum{T}(Var{T}, int, bool)"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range for the shape of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentException">The axis is empty (extent 0).</exception>
    public static Var<T> Mean<T>(Var<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        ReduceAlongAxis(AxisSumOp<T>.Mean, x, axis, keepDims);

    private sealed class MeanOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly MeanOp<T> Instance = new();
        public override string Name => "Mean";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            TP.Add(g, y.GradSpan[0] * y.Alpha, g);
        }
    }
}
