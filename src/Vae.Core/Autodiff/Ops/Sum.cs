using System.Numerics;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = Σᵢ xᵢ over all elements: a scalar.</summary>
    /// <remarks>VJP: x̄ᵢ += ȳ.</remarks>
    public static Var<T> Sum<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(SumOp<T>.Instance, Shape.Scalar, x);
        y.Value[0] = TP.Sum(x.Value.ReadOnlySpan);
        return y;
    }

    private sealed class SumOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly SumOp<T> Instance = new();
        public override string Name => "Sum";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            TP.Add(g, y.GradSpan[0], g);
        }
    }
}
