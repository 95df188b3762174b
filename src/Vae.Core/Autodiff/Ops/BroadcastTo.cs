using System.Numerics;
using Vae.Core.Kernels;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// x repeated to <paramref name="shape"/> under NumPy broadcasting: axes of extent 1, and missing
    /// leading axes, repeat; the others must equal those of <paramref name="shape"/>.
    /// </summary>
    /// <remarks>
    /// VJP: x̄ += ȳ summed over the repeated axes (the reduction the broadcasting ops use). The
    /// element-wise ops broadcast by themselves; this op is for materialising the repeat.
    /// </remarks>
    /// <exception cref="ShapeMismatchException">The shape of <paramref name="x"/> does not broadcast to <paramref name="shape"/>.</exception>
    public static Var<T> BroadcastTo<T>(Var<T> x, Shape shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (BroadcastPlan.ResultShape("BroadcastTo", x.Shape, shape) != shape)
            throw new ShapeMismatchException("BroadcastTo", x.Shape, shape,
                "only axes of extent 1 or missing leading axes of the input can grow to the target");
        var y = x.Tape.Push(BroadcastToOp<T>.Instance, shape, x);
        ReadOnlySpan<T> source = x.Value.ReadOnlySpan;
        var target = y.Value.Span;
        if (x.Shape == shape)
        {
            source.CopyTo(target);
            return y;
        }
        var plan = new BroadcastPlan(shape, x.Shape);
        int n = plan.Extent[3], offset = 0;
        bool row = plan.Stride[3] != 0 || n == 1;
        for (int i0 = 0; i0 < plan.Extent[0]; i0++)
            for (int i1 = 0; i1 < plan.Extent[1]; i1++)
                for (int i2 = 0; i2 < plan.Extent[2]; i2++, offset += n)
                {
                    int from = i0 * plan.Stride[0] + i1 * plan.Stride[1] + i2 * plan.Stride[2];
                    if (row) source.Slice(from, n).CopyTo(target.Slice(offset, n));
                    else target.Slice(offset, n).Fill(source[from]);
                }
        return y;
    }

    private sealed class BroadcastToOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly BroadcastToOp<T> Instance = new();
        public override string Name => "BroadcastTo";

        public override void Backward(Var<T> y) =>
            BroadcastKernels.AccumulateSumTo<T>(y.GradSpan, y.Shape, y.A!.GradForAccumulation(), y.A.Shape);
    }
}
