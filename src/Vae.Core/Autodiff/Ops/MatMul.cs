using System.Numerics;
using Vae.Core.Kernels;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>Y = op(A)·op(B) for rank-2 operands, where op transposes when asked.</summary>
    /// <remarks>
    /// With Y = A·B: Ā += Ȳ·Bᵀ and B̄ += Aᵀ·Ȳ. The transposed variants follow by transposing these
    /// (e.g. Y = A·Bᵀ gives Ā += Ȳ·B, B̄ += Ȳᵀ·A). Each VJP is one <see cref="Gemm"/> call that
    /// writes (first contribution) or accumulates in place, so no temporaries are made.
    /// </remarks>
    /// <exception cref="ShapeMismatchException">The inner dimensions differ or an operand is not rank 2.</exception>
    public static Var<T> MatMul<T>(Var<T> a, Var<T> b, bool transposeA = false, bool transposeB = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tape = TapeOf("MatMul", a, b);
        if (a.Shape.Rank != 2 || b.Shape.Rank != 2)
            throw new ShapeMismatchException("MatMul", a.Shape, b.Shape, "both operands must be rank 2");
        int m = transposeA ? a.Shape[1] : a.Shape[0], k = transposeA ? a.Shape[0] : a.Shape[1];
        int kb = transposeB ? b.Shape[1] : b.Shape[0], n = transposeB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
            throw new ShapeMismatchException("MatMul", a.Shape, b.Shape,
                $"inner dimensions {k} and {kb} differ (transposeA={transposeA}, transposeB={transposeB})");
        var y = tape.Push(MatMulOp<T>.Instance, new Shape(m, n), a, b);
        y.Axis = (transposeA ? 1 : 0) | (transposeB ? 2 : 0);
        Gemm.Multiply<T>(a.Value.ReadOnlySpan, b.Value.ReadOnlySpan, y.Value.Span, m, n, k, transposeA, transposeB);
        return y;
    }

    private sealed class MatMulOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly MatMulOp<T> Instance = new();
        public override string Name => "MatMul";

        public override void Backward(Var<T> y)
        {
            Var<T> a = y.A!, b = y.B!;
            bool ta = (y.Axis & 1) != 0, tb = (y.Axis & 2) != 0;
            int m = y.Shape[0], n = y.Shape[1], k = ta ? a.Shape[0] : a.Shape[1];
            var g = y.GradSpan;
            if (a.RequiresGrad)
            {
                // d op(A) = Ȳ·op(B)ᵀ (m×k); when A is stored transposed, its gradient is op(B)·Ȳᵀ (k×m).
                var ga = a.GradForUpdate(out bool accumulate);
                if (!ta) Gemm.Multiply<T>(g, b.Value.ReadOnlySpan, ga, m, k, n, false, !tb, accumulate);
                else Gemm.Multiply<T>(b.Value.ReadOnlySpan, g, ga, k, m, n, tb, true, accumulate);
            }
            if (b.RequiresGrad)
            {
                // d op(B) = op(A)ᵀ·Ȳ (k×n); when B is stored transposed, its gradient is Ȳᵀ·op(A) (n×k).
                var gb = b.GradForUpdate(out bool accumulate);
                if (!tb) Gemm.Multiply<T>(a.Value.ReadOnlySpan, g, gb, k, n, m, !ta, false, accumulate);
                else Gemm.Multiply<T>(g, a.Value.ReadOnlySpan, gb, n, k, m, true, ta, accumulate);
            }
        }
    }
}
