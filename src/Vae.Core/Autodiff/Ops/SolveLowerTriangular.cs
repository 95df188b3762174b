using System.Numerics;
using System.Runtime.CompilerServices;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// X = L⁻¹ B for a lower-triangular <paramref name="l"/> of shape [n, n] and a right-hand side
    /// <paramref name="b"/> of shape [n, m], by forward substitution:
    /// Xᵢ = (Bᵢ − Σ_{j&lt;i} Lᵢⱼ Xⱼ) / Lᵢᵢ row by row. Only the lower triangle of L (diagonal included)
    /// is read; its upper triangle may hold anything.
    /// </summary>
    /// <remarks>
    /// VJP (from dX = L⁻¹(dB − dL X)): B̄ += L⁻ᵀ X̄ (back substitution with Lᵀ), and
    /// L̄ += −tril(L⁻ᵀ X̄ Xᵀ) on the lower triangle only (the upper triangle is not an input of the
    /// function, so its gradient is 0). Each row update is a vectorised multiply-add over the m
    /// columns. With the Cholesky factor of a well-conditioned matrix the substitution is backward
    /// stable; a zero on the diagonal gives ±∞ or NaN, as division does.
    /// </remarks>
    /// <exception cref="ShapeMismatchException">L is not square, or B is not rank 2 with as many rows as L.</exception>
    public static Var<T> SolveLowerTriangular<T>(Var<T> l, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tape = TapeOf("SolveLowerTriangular", l, b);
        if (l.Shape.Rank != 2 || l.Shape[0] != l.Shape[1])
            throw new ShapeMismatchException("SolveLowerTriangular", l.Shape, b.Shape, "L must be a square rank-2 matrix");
        if (b.Shape.Rank != 2 || b.Shape[0] != l.Shape[0])
            throw new ShapeMismatchException("SolveLowerTriangular", l.Shape, b.Shape, "B must be rank 2 with as many rows as L");
        var y = tape.Push(SolveLowerTriangularOp<T>.Instance, b.Shape, l, b);
        SubstituteLower(l.Value.ReadOnlySpan, b.Value.ReadOnlySpan, y.Value.Span, b.Shape[0], b.Shape[1]);
        return y;
    }

    /// <summary>x = L⁻¹ b for row-major L (n×n, lower triangle read) and b, x (n×m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubstituteLower<T>(ReadOnlySpan<T> l, ReadOnlySpan<T> b, Span<T> x, int n, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        b[..(n * m)].CopyTo(x);
        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * m, m);
            for (int j = 0; j < i; j++) TP.MultiplyAdd(x.Slice(j * m, m), -l[i * n + j], row, row);
            TP.Divide(row, l[i * n + i], row);
        }
    }

    /// <summary>x = L⁻ᵀ b (back substitution with the upper-triangular Lᵀ) for row-major L (n×n, lower triangle read) and b, x (n×m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SubstituteLowerTransposed<T>(ReadOnlySpan<T> l, ReadOnlySpan<T> b, Span<T> x, int n, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        b[..(n * m)].CopyTo(x);
        for (int i = n - 1; i >= 0; i--)
        {
            var row = x.Slice(i * m, m);
            for (int j = i + 1; j < n; j++) TP.MultiplyAdd(x.Slice(j * m, m), -l[j * n + i], row, row);
            TP.Divide(row, l[i * n + i], row);
        }
    }

    private sealed class SolveLowerTriangularOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly SolveLowerTriangularOp<T> Instance = new();
        public override string Name => "SolveLowerTriangular";

        public override void Backward(Var<T> y)
        {
            Var<T> l = y.A!, b = y.B!;
            int n = y.Shape[0], m = y.Shape[1];
            // G = L⁻ᵀ X̄ is both B̄ and the left factor of L̄ = −tril(G Xᵀ).
            var g = y.Tape.Scratch(y.Shape).Span;
            SubstituteLowerTransposed(l.Value.ReadOnlySpan, y.GradSpan, g, n, m);
            if (b.RequiresGrad)
            {
                var gb = b.GradForAccumulation();
                TP.Add(gb, g, gb);
            }
            if (l.RequiresGrad)
            {
                var gl = l.GradForAccumulation();
                ReadOnlySpan<T> x = y.Value.ReadOnlySpan;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j <= i; j++)
                        gl[i * n + j] -= TP.Dot(g.Slice(i * m, m), x.Slice(j * m, m));
            }
        }
    }
}
