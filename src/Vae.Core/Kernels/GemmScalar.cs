using System.Numerics;

namespace Vae.Core.Kernels;

/// <summary>
/// Scalar GEMM for element types without vector kernels (or hardware without Vector256). Each element is
/// the same chain as in the vector kernels: acc = fma(a, b, acc) over p = 0..k-1, starting from C when
/// accumulating and from zero otherwise.
/// </summary>
internal static unsafe class GemmScalar
{
    /// <summary>C (+)= op(A)·op(B); arguments as in <see cref="Gemm.Multiply{T}"/>.</summary>
    public static void Multiply<T>(T* a, T* b, T* c, int m, int n, int k, bool ta, bool tb, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // op(A)[i, p] = a[i·rowA + p·stepA], op(B)[p, j] = b[p·stepB + j·colB]
        nint rowA = ta ? 1 : k, stepA = ta ? m : 1;
        nint stepB = tb ? 1 : n, colB = tb ? k : 1;
        for (int i = 0; i < m; i++)
        {
            T* ai = a + i * rowA;
            T* ci = c + (nint)i * n;
            for (int j = 0; j < n; j++)
            {
                T* bj = b + j * colB;
                T sum = accumulate ? ci[j] : T.Zero;
                for (int p = 0; p < k; p++) sum = T.FusedMultiplyAdd(ai[p * stepA], bj[p * stepB], sum);
                ci[j] = sum;
            }
        }
    }
}
