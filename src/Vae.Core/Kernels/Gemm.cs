using System.Numerics;

namespace Vae.Core.Kernels;

/// <summary>General matrix multiply on row-major spans: C = op(A)·op(B), or C += op(A)·op(B).</summary>
/// <remarks>
/// op(A) is m×k: A is stored m×k, or k×m when <c>transposeA</c>. op(B) is k×n: B is stored k×n, or
/// n×k when <c>transposeB</c>. C is m×n. The summation order over k does not depend on the number
/// of threads, so results are bit-identical across thread counts.
/// </remarks>
public static class Gemm
{
    /// <summary>C (+)= op(A)·op(B); see the type remarks for the layouts.</summary>
    /// <exception cref="ArgumentException">A span is shorter than its matrix.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length < m * k) throw new ArgumentException($"A needs {m}x{k} elements; got {a.Length}.", nameof(a));
        if (b.Length < k * n) throw new ArgumentException($"B needs {k}x{n} elements; got {b.Length}.", nameof(b));
        if (c.Length < m * n) throw new ArgumentException($"C needs {m}x{n} elements; got {c.Length}.", nameof(c));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                    sum += (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
    }
}
