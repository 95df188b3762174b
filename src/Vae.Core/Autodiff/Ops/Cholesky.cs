using System.Numerics;
using System.Runtime.CompilerServices;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The Cholesky factor L of a symmetric positive-definite <paramref name="a"/> of shape [n, n]:
    /// the lower-triangular L with positive diagonal and A = L Lᵀ, by the Cholesky–Banachiewicz
    /// recurrence Lⱼⱼ = √(Aⱼⱼ − Σ_{k&lt;j} Lⱼₖ²), Lᵢⱼ = (Aᵢⱼ − Σ_{k&lt;j} Lᵢₖ Lⱼₖ) / Lⱼⱼ for i &gt; j.
    /// Only the lower triangle of A is read; the upper triangle of L is 0.
    /// </summary>
    /// <remarks>
    /// VJP (Murray, 2016, "Differentiation of the Cholesky decomposition", arXiv:1602.07527, in the
    /// symmetrised form torch.linalg.cholesky uses): with P = tril(Lᵀ L̄) and Φ = ½(P + tril(P, −1)ᵀ)
    /// (the symmetric matrix whose lower triangle is ½P), Ā += L⁻ᵀ Φ L⁻¹, computed by two triangular
    /// back substitutions. The
    /// gradient is symmetric: for any A built symmetrically from its inputs (A = B + Bᵀ, or
    /// I + Wᵀ D⁻¹ W) the chain rule then gives the exact gradient of those inputs, as it would for
    /// the lower-triangle-only reading. The recurrence is backward stable for positive-definite A
    /// (Higham, 2002, §10.1); the cost is n³/3 multiply-adds, meant for small n (a capacitance matrix).
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="a"/> is not a square rank-2 matrix, or is not
    /// positive definite (a pivot is ≤ 0 or NaN); the message names the pivot.</exception>
    public static Var<T> Cholesky<T>(Var<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Shape.Rank != 2 || a.Shape[0] != a.Shape[1])
            throw new ArgumentException($"Cholesky: a must be a square rank-2 matrix; got shape {a.Shape}.", nameof(a));
        int n = a.Shape[0];
        var y = a.Tape.Push(CholeskyOp<T>.Instance, a.Shape, a);
        Factor(a.Value.ReadOnlySpan, y.Value.Span, n);
        return y;
    }

    /// <summary>L with A = L Lᵀ, row-major n×n, reading the lower triangle of A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Factor<T>(ReadOnlySpan<T> a, Span<T> l, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        l[..(n * n)].Clear();
        for (int j = 0; j < n; j++)
        {
            var rowJ = l.Slice(j * n, j);
            T pivot = a[j * n + j] - TP.Dot<T>(rowJ, rowJ);
            if (!(pivot > T.Zero))
                throw new ArgumentException(
                    $"Cholesky: the matrix ({n}x{n}) is not positive definite: pivot {j} is {pivot}.", "a");
            T diagonal = T.Sqrt(pivot);
            l[j * n + j] = diagonal;
            for (int i = j + 1; i < n; i++)
                l[i * n + j] = (a[i * n + j] - TP.Dot<T>(l.Slice(i * n, j), rowJ)) / diagonal;
        }
    }

    private sealed class CholeskyOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly CholeskyOp<T> Instance = new();
        public override string Name => "Cholesky";

        public override void Backward(Var<T> y)
        {
            int n = y.Shape[0];
            ReadOnlySpan<T> l = y.Value.ReadOnlySpan, gl = y.GradSpan;
            T half = T.CreateTruncating(0.5);
            // Φ = ½(P + tril(P, −1)ᵀ) with P = tril(Lᵀ L̄): Pᵢⱼ = Σ_{k≥i} Lₖᵢ L̄ₖⱼ for i ≥ j.
            var phi = y.Tape.Scratch(y.Shape).Span;
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    T p = T.Zero;
                    for (int k = i; k < n; k++) p += l[k * n + i] * gl[k * n + j];
                    phi[i * n + j] = half * p;
                    phi[j * n + i] = half * p;
                }
            // X = L⁻ᵀ Φ, then Ā = X L⁻¹ = (L⁻ᵀ Xᵀ)ᵀ; Ā is symmetric, so it is symmetrised exactly.
            var x = y.Tape.Scratch(y.Shape).Span;
            SubstituteLowerTransposed(l, phi, x, n, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++)
                    (x[i * n + j], x[j * n + i]) = (x[j * n + i], x[i * n + j]);
            SubstituteLowerTransposed(l, x, phi, n, n);
            var ga = y.A!.GradForAccumulation();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    ga[i * n + j] += half * (phi[i * n + j] + phi[j * n + i]);
        }
    }
}
