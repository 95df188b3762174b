using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = c · x for a constant scalar c.</summary>
    /// <remarks>VJP: x̄ += c · ȳ.</remarks>
    public static Var<T> Scale<T>(Var<T> x, T c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(ScaleOp<T>.Instance, x.Shape, x);
        y.Alpha = c;
        TP.Multiply(x.Value.ReadOnlySpan, c, y.Value.Span);
        return y;
    }

    private sealed class ScaleOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ScaleOp<T> Instance = new();
        public override string Name => "Scale";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            TP.MultiplyAdd(y.GradSpan, y.Alpha, g, g);
        }
    }
}
