using System.Numerics;

namespace Vae.Core.Kernels;

/// <summary>General matrix multiply on row-major spans: C = op(A)·op(B), or C += op(A)·op(B).</summary>
/// <remarks>
/// <para>
/// op(A) is m×k: A is stored m×k, or k×m when <c>transposeA</c>. op(B) is k×n: B is stored k×n, or n×k
/// when <c>transposeB</c>. C is m×n.
/// </para>
/// <para>
/// float and double run register-blocked microkernels on Vector512 (AVX-512) or else Vector256, with
/// only the operands that need a transpose packed; other element types, and hardware without Vector256,
/// use a scalar loop. Products of at least <see cref="ParallelFlops"/> floating-point operations are
/// split across <see cref="ComputeThreads.Count"/> threads. Steady-state calls allocate nothing.
/// </para>
/// <para>
/// Summation order: every element is computed as one chain acc = fma(op(A)[i,p], op(B)[p,j], acc) over
/// p = 0, 1, …, k-1, starting from acc = C[i,j] when accumulating and from 0 otherwise; C[i,j] = acc.
/// The order depends on nothing but the operands, not on tiling, blocking over k or threads, so results
/// are bit-identical for every thread count (and between the vector and scalar code). Each result
/// differs from the exact value by at most γ(k+1)·(|C[i,j]| + Σ_p |op(A)[i,p]|·|op(B)[p,j]|), where
/// γ(n) = n·u/(1 - n·u) and u is the unit roundoff.
/// </para>
/// </remarks>
public static class Gemm
{
    /// <summary>Floating-point operations (2·m·n·k) from which a product is split across threads.</summary>
    /// <remarks>
    /// Measured with <c>Vae.Bench gemm-threads</c> on 2 Zen 5 cores: a second thread loses below about
    /// 0.15 MFLOP (32³), wins 1.4-1.8× from 0.22 MFLOP (48³) and a steady 1.6-1.9× from 0.5 MFLOP (64³).
    /// </remarks>
    public const long ParallelFlops = 500_000;

    /// <summary>C (+)= op(A)·op(B); see the type remarks for the layouts and the summation order.</summary>
    /// <param name="a">A, stored m×k (k×m when <paramref name="transposeA"/>), row-major.</param>
    /// <param name="b">B, stored k×n (n×k when <paramref name="transposeB"/>), row-major.</param>
    /// <param name="c">C, m×n row-major; read only when <paramref name="accumulate"/>.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="transposeA">Use Aᵀ, A being stored k×m.</param>
    /// <param name="transposeB">Use Bᵀ, B being stored n×k.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its matrix, or C overlaps A or B.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int threads = 2L * m * n * k >= ParallelFlops ? ComputeThreads.Count : 1;
        MultiplyOn(GemmPath.Auto, threads, a, b, c, m, n, k, transposeA, transposeB, accumulate);
    }

    /// <summary>As the public overload, on a chosen code path and with up to <paramref name="threads"/> threads whatever the size.</summary>
    internal static unsafe void MultiplyOn<T>(GemmPath path, int threads, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        long sizeA = (long)m * k, sizeB = (long)k * n, sizeC = (long)m * n;
        if (a.Length < sizeA)
            throw new ArgumentException(ShortSpan("A", transposeA ? $"{k}x{m} (transposed)" : $"{m}x{k}", sizeA, a.Length, m, n, k), nameof(a));
        if (b.Length < sizeB)
            throw new ArgumentException(ShortSpan("B", transposeB ? $"{n}x{k} (transposed)" : $"{k}x{n}", sizeB, b.Length, m, n, k), nameof(b));
        if (c.Length < sizeC)
            throw new ArgumentException(ShortSpan("C", $"{m}x{n}", sizeC, c.Length, m, n, k), nameof(c));
        if (sizeC == 0) return;
        ReadOnlySpan<T> usedC = c[..(int)sizeC];
        if (usedC.Overlaps(a[..(int)sizeA]) || usedC.Overlaps(b[..(int)sizeB]))
            throw new ArgumentException("C must not overlap A or B: the product is written while its inputs are still read.", nameof(c));

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (typeof(T) == typeof(float))
                Run((float*)pa, (float*)pb, (float*)pc, m, n, k, transposeA, transposeB, accumulate, path, threads);
            else if (typeof(T) == typeof(double))
                Run((double*)pa, (double*)pb, (double*)pc, m, n, k, transposeA, transposeB, accumulate, path, threads);
            else
                GemmScalar.Multiply(pa, pb, pc, m, n, k, transposeA, transposeB, accumulate);
        }
    }

    private static string ShortSpan(string name, string shape, long size, int length, int m, int n, int k) =>
        $"{name} must hold {shape} = {size} elements for m={m}, n={n}, k={k}; its span has {length}.";

    /// <summary>The code path a float or double product takes.</summary>
    internal static GemmPath AutoPath<T>() where T : unmanaged =>
        GemmKernels512<T>.IsSupported ? GemmPath.Vector512 : GemmKernels256<T>.IsSupported ? GemmPath.Vector256 : GemmPath.Scalar;

    private static unsafe void Run<T>(T* a, T* b, T* c, int m, int n, int k, bool ta, bool tb, bool accumulate, GemmPath path, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (path == GemmPath.Auto) path = AutoPath<T>();
        switch (path)
        {
            case GemmPath.Vector512 when GemmKernels512<T>.IsSupported:
                GemmDriver<T, GemmKernels512<T>>.Multiply(a, b, c, m, n, k, ta, tb, accumulate, threads);
                break;
            case GemmPath.Vector256 when GemmKernels256<T>.IsSupported:
                GemmDriver<T, GemmKernels256<T>>.Multiply(a, b, c, m, n, k, ta, tb, accumulate, threads);
                break;
            case GemmPath.Scalar:
                GemmScalar.Multiply(a, b, c, m, n, k, ta, tb, accumulate);
                break;
            default:
                throw new PlatformNotSupportedException($"GEMM path {path} is not available for {typeof(T).Name} on this hardware.");
        }
    }
}

/// <summary>The implementations behind <see cref="Gemm"/>; <see cref="Auto"/> picks the fastest available.</summary>
internal enum GemmPath
{
    /// <summary>Vector512 if accelerated, else Vector256, else scalar.</summary>
    Auto,

    /// <summary>AVX-512 microkernels.</summary>
    Vector512,

    /// <summary>AVX2 microkernels.</summary>
    Vector256,

    /// <summary>The scalar loop.</summary>
    Scalar,
}
