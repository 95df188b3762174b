using System.Numerics;
using Vae.Core.Kernels;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

/// <summary>
/// The differentiable ops. Each lives in its own file under <c>Autodiff/Ops</c> with its forward
/// function here and its vector-Jacobian product beside it; <c>using static Vae.Core.Autodiff.Ops;</c>
/// lets a script write <c>Exp(x)</c>.
/// </summary>
public static partial class Ops
{
    /// <summary>Checks that two operands share a tape and returns it.</summary>
    private static Tape<T> TapeOf<T>(string op, Var<T> a, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Tape != b.Tape)
            throw new ArgumentException($"{op}: the operands were recorded on different tapes.", nameof(b));
        return a.Tape;
    }

    /// <summary>The forward pass of a broadcasting element-wise binary op.</summary>
    private static Var<T> Binary<T, TMap>(Op<T> op, Var<T> a, Var<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TMap : IBinaryMap<T>
    {
        var tape = TapeOf(op.Name, a, b);
        var shape = BroadcastPlan.ResultShape(op.Name, a.Shape, b.Shape);
        var y = tape.Push(op, shape, a, b);
        BroadcastKernels.Map<T, TMap>(a.Value.ReadOnlySpan, a.Shape, b.Value.ReadOnlySpan, b.Shape, y.Value.Span, shape);
        return y;
    }

    /// <summary>The forward pass of an element-wise unary op: y = f(x) computed by <paramref name="forward"/>.</summary>
    private static Var<T> Unary<T>(Op<T> op, Var<T> x, ForwardKernel<T> forward, T alpha = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.Tape.Push(op, x.Shape, x);
        y.Alpha = alpha;
        forward(x.Value.ReadOnlySpan, y.Value.Span);
        return y;
    }

    /// <summary>An element-wise kernel from input to output span.</summary>
    private delegate void ForwardKernel<T>(ReadOnlySpan<T> x, Span<T> y);

    /// <summary>
    /// ā += reduce(ȳ ⊙ factor): the VJP of a broadcasting op whose local derivative w.r.t. the input
    /// <paramref name="input"/> is <paramref name="factor"/> (broadcast to ȳ's shape).
    /// </summary>
    private static void AccumulateProduct<T>(Var<T> input, Var<T> y, ReadOnlySpan<T> factor, Shape factorShape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (input.Shape == y.Shape && factorShape == y.Shape)
        {
            var g = input.GradForAccumulation();
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(y.GradSpan, factor, g, g);
            return;
        }
        var product = y.Tape.Scratch(y.Shape);
        BroadcastKernels.Map<T, MultiplyMap<T>>(y.GradSpan, y.Shape, factor, factorShape, product.Span, y.Shape);
        BroadcastKernels.AccumulateSumTo<T>(product.ReadOnlySpan, y.Shape, input.GradForAccumulation(), input.Shape);
    }
}
