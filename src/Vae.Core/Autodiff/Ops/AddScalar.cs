using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = x + c for a constant scalar c.</summary>
    /// <remarks>VJP: x̄ += ȳ.</remarks>
    public static Var<T> AddScalar<T>(Var<T> x, T c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(AddScalarOp<T>.Instance, x.Shape, x);
        TP.Add(x.Value.ReadOnlySpan, c, y.Value.Span);
        return y;
    }

    private sealed class AddScalarOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly AddScalarOp<T> Instance = new();
        public override string Name => "AddScalar";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            TP.Add(g, y.GradSpan, g);
        }
    }
}
