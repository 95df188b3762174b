using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = −x.</summary>
    /// <remarks>VJP: x̄ −= ȳ.</remarks>
    public static Var<T> Neg<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(NegOp<T>.Instance, x, TP.Negate);

    private sealed class NegOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly NegOp<T> Instance = new();
        public override string Name => "Neg";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            TP.Subtract(g, y.GradSpan, g);
        }
    }
}
