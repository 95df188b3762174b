// Register-blocked microkernels on Vector256<T>; the row loop is unrolled by hand (one block per row) so
// that every accumulator stays in a register. Rows and width are type parameters so the JIT folds the
// guards away and each (rows, width) instantiation keeps only the accumulators it uses.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Vae.Core.Kernels;

/// <summary>
/// Microkernels for AVX2: 6 rows × up to 2 Vector256 (16 floats or 8 doubles): 12 accumulators, which with the 2 loads and a broadcast fit the 16 YMM registers.
/// </summary>
/// <remarks>
/// Every element is one chain of fused multiply-adds over p = 0..k-1 starting from C or from zero; see
/// <see cref="IGemmKernels{T}"/>.
/// </remarks>
internal readonly unsafe struct GemmKernels256<T> : IGemmKernels<T> where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsSupported => Vector256.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    /// <inheritdoc/>
    public static int RowBlock => 6;

    /// <inheritdoc/>
    public static int Lanes => Vector256<T>.Count;

    /// <inheritdoc/>
    public static void Compute(int rows, int width, T* a, nint lda, T* b, nint ldb, T* c, nint ldc, int k, bool loadC)
    {
        int v = Vector256<T>.Count;
        if (width == 2 * v) ByRows<TwoVectors>(rows, a, lda, b, ldb, c, ldc, k, loadC);
        else if (width == v + v / 2) ByRows<ThreeHalfVectors>(rows, a, lda, b, ldb, c, ldc, k, loadC);
        else if (width == v) ByRows<OneVector>(rows, a, lda, b, ldb, c, ldc, k, loadC);
        else if (width == v / 2) ByRows<HalfVector>(rows, a, lda, b, ldb, c, ldc, k, loadC);
        else throw new ArgumentOutOfRangeException(nameof(width), width, "Not a kernel width.");
    }

    private static void ByRows<W>(int rows, T* a, nint lda, T* b, nint ldb, T* c, nint ldc, int k, bool loadC)
        where W : struct, IKernelWidth
    {
        switch (rows)
        {
            case 6: Kernel<Rows6, W>(a, lda, b, ldb, c, ldc, k, loadC); break;
            case 5: Kernel<Rows5, W>(a, lda, b, ldb, c, ldc, k, loadC); break;
            case 4: Kernel<Rows4, W>(a, lda, b, ldb, c, ldc, k, loadC); break;
            case 3: Kernel<Rows3, W>(a, lda, b, ldb, c, ldc, k, loadC); break;
            case 2: Kernel<Rows2, W>(a, lda, b, ldb, c, ldc, k, loadC); break;
            case 1: Kernel<Rows1, W>(a, lda, b, ldb, c, ldc, k, loadC); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows), rows, "Not a kernel row count.");
        }
    }

    /// <summary>
    /// C[r, 0..W) = fma chain of A[p·lda + r]·B[p·ldb + 0..W) over p &lt; k for r &lt; R.Count, started from
    /// C (loadC) or zero. A is read as broadcasts, B as W.Full whole vectors plus W.Half a half vector per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<R, W>(T* a, nint lda, T* b, nint ldb, T* c, nint ldc, int k, bool loadC)
        where R : struct, IKernelRows where W : struct, IKernelWidth
    {
        int v = Vector256<T>.Count;
        Vector256<T> f0 = default, g0 = default, f1 = default, g1 = default, f2 = default, g2 = default, f3 = default, g3 = default, f4 = default, g4 = default, f5 = default, g5 = default;
        Vector128<T> h0 = default, h1 = default, h2 = default, h3 = default, h4 = default, h5 = default;
        if (loadC)
        {
            if (W.Full > 0) f0 = Vector256.Load(c);
            if (W.Full > 1) g0 = Vector256.Load(c + v);
            if (W.Half) h0 = Vector128.Load(c + W.Full * v);
            if (R.Count > 1)
            {
                if (W.Full > 0) f1 = Vector256.Load(c + ldc);
                if (W.Full > 1) g1 = Vector256.Load(c + ldc + v);
                if (W.Half) h1 = Vector128.Load(c + ldc + W.Full * v);
            }
            if (R.Count > 2)
            {
                if (W.Full > 0) f2 = Vector256.Load(c + 2 * ldc);
                if (W.Full > 1) g2 = Vector256.Load(c + 2 * ldc + v);
                if (W.Half) h2 = Vector128.Load(c + 2 * ldc + W.Full * v);
            }
            if (R.Count > 3)
            {
                if (W.Full > 0) f3 = Vector256.Load(c + 3 * ldc);
                if (W.Full > 1) g3 = Vector256.Load(c + 3 * ldc + v);
                if (W.Half) h3 = Vector128.Load(c + 3 * ldc + W.Full * v);
            }
            if (R.Count > 4)
            {
                if (W.Full > 0) f4 = Vector256.Load(c + 4 * ldc);
                if (W.Full > 1) g4 = Vector256.Load(c + 4 * ldc + v);
                if (W.Half) h4 = Vector128.Load(c + 4 * ldc + W.Full * v);
            }
            if (R.Count > 5)
            {
                if (W.Full > 0) f5 = Vector256.Load(c + 5 * ldc);
                if (W.Full > 1) g5 = Vector256.Load(c + 5 * ldc + v);
                if (W.Half) h5 = Vector128.Load(c + 5 * ldc + W.Full * v);
            }
        }
        for (int p = 0; p < k; p++)
        {
            Vector256<T> bf = W.Full > 0 ? Vector256.Load(b) : default;
            Vector256<T> bg = W.Full > 1 ? Vector256.Load(b + v) : default;
            Vector128<T> bh = W.Half ? Vector128.Load(b + W.Full * v) : default;
            if (W.Full > 0)
            {
                Vector256<T> s = Vector256.Create(a[0]);
                f0 = Fma(s, bf, f0);
                if (W.Full > 1) g0 = Fma(s, bg, g0);
                if (W.Half) h0 = Fma(s.GetLower(), bh, h0);
            }
            else h0 = Fma(Vector128.Create(a[0]), bh, h0);
            if (R.Count > 1)
            {
                if (W.Full > 0)
                {
                    Vector256<T> s = Vector256.Create(a[1]);
                    f1 = Fma(s, bf, f1);
                    if (W.Full > 1) g1 = Fma(s, bg, g1);
                    if (W.Half) h1 = Fma(s.GetLower(), bh, h1);
                }
                else h1 = Fma(Vector128.Create(a[1]), bh, h1);
            }
            if (R.Count > 2)
            {
                if (W.Full > 0)
                {
                    Vector256<T> s = Vector256.Create(a[2]);
                    f2 = Fma(s, bf, f2);
                    if (W.Full > 1) g2 = Fma(s, bg, g2);
                    if (W.Half) h2 = Fma(s.GetLower(), bh, h2);
                }
                else h2 = Fma(Vector128.Create(a[2]), bh, h2);
            }
            if (R.Count > 3)
            {
                if (W.Full > 0)
                {
                    Vector256<T> s = Vector256.Create(a[3]);
                    f3 = Fma(s, bf, f3);
                    if (W.Full > 1) g3 = Fma(s, bg, g3);
                    if (W.Half) h3 = Fma(s.GetLower(), bh, h3);
                }
                else h3 = Fma(Vector128.Create(a[3]), bh, h3);
            }
            if (R.Count > 4)
            {
                if (W.Full > 0)
                {
                    Vector256<T> s = Vector256.Create(a[4]);
                    f4 = Fma(s, bf, f4);
                    if (W.Full > 1) g4 = Fma(s, bg, g4);
                    if (W.Half) h4 = Fma(s.GetLower(), bh, h4);
                }
                else h4 = Fma(Vector128.Create(a[4]), bh, h4);
            }
            if (R.Count > 5)
            {
                if (W.Full > 0)
                {
                    Vector256<T> s = Vector256.Create(a[5]);
                    f5 = Fma(s, bf, f5);
                    if (W.Full > 1) g5 = Fma(s, bg, g5);
                    if (W.Half) h5 = Fma(s.GetLower(), bh, h5);
                }
                else h5 = Fma(Vector128.Create(a[5]), bh, h5);
            }
            a += lda;
            b += ldb;
        }
        Store<W>(c, f0, g0, h0);
        if (R.Count > 1) Store<W>(c + ldc, f1, g1, h1);
        if (R.Count > 2) Store<W>(c + 2 * ldc, f2, g2, h2);
        if (R.Count > 3) Store<W>(c + 3 * ldc, f3, g3, h3);
        if (R.Count > 4) Store<W>(c + 4 * ldc, f4, g4, h4);
        if (R.Count > 5) Store<W>(c + 5 * ldc, f5, g5, h5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<W>(T* c, Vector256<T> f, Vector256<T> g, Vector128<T> h) where W : struct, IKernelWidth
    {
        int v = Vector256<T>.Count;
        if (W.Full > 0) f.Store(c);
        if (W.Full > 1) g.Store(c + v);
        if (W.Half) h.Store(c + W.Full * v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> addend) =>
        typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), addend.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), addend.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Fma(Vector128<T> x, Vector128<T> y, Vector128<T> addend) =>
        typeof(T) == typeof(float)
            ? Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), addend.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), addend.AsDouble()).As<double, T>();
}
