using System.Numerics;
using Vae.Core.Kernels;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Y = X·W + b for X [rows, inputs], W [inputs, outputs] and b [outputs] added to every row: the
    /// affine map of a dense layer, in one op.
    /// </summary>
    /// <remarks>
    /// Forward: the rows of Y are set to b and the product is accumulated onto them by one
    /// <see cref="Gemm"/> call, which saves the separate broadcast addition (a read and a write of Y).
    /// VJP: X̄ += Ȳ·Wᵀ, W̄ += Xᵀ·Ȳ (each one Gemm call that writes or accumulates in place, as in
    /// <see cref="MatMul{T}"/>), b̄ += Σ_rows Ȳ.
    /// </remarks>
    /// <exception cref="ShapeMismatchException">X is not [rows, inputs], W not [inputs, outputs] or b not [outputs].</exception>
    public static Var<T> Affine<T>(Var<T> x, Var<T> weight, Var<T> bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tape = TapeOf("Affine", x, weight);
        TapeOf("Affine", x, bias);
        if (x.Shape.Rank != 2 || weight.Shape.Rank != 2 || x.Shape[1] != weight.Shape[0])
            throw new ShapeMismatchException("Affine", x.Shape, weight.Shape, "X must be [rows, inputs] and W [inputs, outputs]");
        int m = x.Shape[0], k = x.Shape[1], n = weight.Shape[1];
        if (bias.Shape.Rank != 1 || bias.Shape[0] != n)
            throw new ShapeMismatchException("Affine", weight.Shape, bias.Shape, $"b must be [{n}], one entry per output of W");
        var y = tape.Push(AffineOp<T>.Instance, new Shape(m, n), x, weight, bias);
        var rows = y.Value.Span;
        for (int i = 0; i < m; i++) bias.Value.ReadOnlySpan.CopyTo(rows.Slice(i * n, n));
        Gemm.Multiply<T>(x.Value.ReadOnlySpan, weight.Value.ReadOnlySpan, rows, m, n, k, accumulate: true);
        return y;
    }

    private sealed class AffineOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly AffineOp<T> Instance = new();
        public override string Name => "Affine";

        public override void Backward(Var<T> y)
        {
            Var<T> x = y.A!, w = y.B!, b = y.C!;
            int m = y.Shape[0], n = y.Shape[1], k = x.Shape[1];
            var g = y.GradSpan;
            if (x.RequiresGrad)
            {
                var gx = x.GradForUpdate(out bool accumulate);
                Gemm.Multiply<T>(g, w.Value.ReadOnlySpan, gx, m, k, n, transposeB: true, accumulate: accumulate);
            }
            if (w.RequiresGrad)
            {
                var gw = w.GradForUpdate(out bool accumulate);
                Gemm.Multiply<T>(x.Value.ReadOnlySpan, g, gw, k, n, m, transposeA: true, accumulate: accumulate);
            }
            if (b.RequiresGrad)
                BroadcastKernels.AccumulateSumTo<T>(g, y.Shape, b.GradForAccumulation(), b.Shape);
        }
    }
}
