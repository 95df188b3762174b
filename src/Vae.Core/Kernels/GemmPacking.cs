using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Vae.Core.Kernels;

/// <summary>
/// Packing for <see cref="Gemm"/>: only operands the microkernels cannot read in place are copied, namely
/// A stored m×k (the kernels broadcast down a column of A) and B stored n×k (the kernels load rows of op(B)).
/// Both are transposes, done on 8×8 float or 4×4 double tiles in AVX registers where available.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs columns 0..<paramref name="k"/>-1 of rows 0..<paramref name="rows"/>-1 of a row-major A with
    /// row stride <paramref name="lda"/> into blocks of <paramref name="blockRows"/> rows: block b starts at
    /// dst + b·blockRows·k and holds A[b·blockRows + r, p] at p·blockRows + r (slots of a short last
    /// block's missing rows are not written).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(T* a, nint lda, int k, int rows, int blockRows, T* dst) where T : unmanaged
    {
        int tile = TileSize<T>();
        for (int i = 0; i < rows; i += blockRows)
        {
            int count = Math.Min(blockRows, rows - i);
            T* src = a + i * lda, block = dst + (nint)i * k;
            int p = 0;
            if (tile != 0 && count % tile == 0)
                for (; p + tile <= k; p += tile)
                    for (int r = 0; r < count; r += tile)
                        Transpose(src + r * lda + p, lda, block + (nint)p * blockRows + r, blockRows);
            for (; p < k; p++)
                for (int r = 0; r < count; r++)
                    block[(nint)p * blockRows + r] = src[r * lda + p];
        }
    }

    /// <summary>
    /// Packs rows 0..<paramref name="k"/>-1 and columns 0..<paramref name="width"/>-1 of op(B) = Bᵀ, where B
    /// is stored row-major with row stride <paramref name="ldb"/> from <paramref name="b"/>, as a
    /// k×<paramref name="stride"/> row-major panel: dst[p·stride + j] = B[j, p], zero in columns width..stride-1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackTransposedB<T>(T* b, nint ldb, int k, int width, int stride, T* dst) where T : unmanaged
    {
        int tile = TileSize<T>();
        int j = 0;
        if (tile != 0)
            for (; j + tile <= width; j += tile)
            {
                int p = 0;
                for (; p + tile <= k; p += tile)
                    Transpose(b + j * ldb + p, ldb, dst + (nint)p * stride + j, stride);
                for (; p < k; p++)
                    for (int q = 0; q < tile; q++)
                        dst[(nint)p * stride + j + q] = b[(j + q) * ldb + p];
            }
        for (; j < width; j++)
            for (int p = 0; p < k; p++)
                dst[(nint)p * stride + j] = b[j * ldb + p];
        ZeroColumns(dst, k, width, stride);
    }

    /// <summary>
    /// Copies columns 0..<paramref name="width"/>-1 of a row-major B (row stride <paramref name="ldb"/>)
    /// into a k×<paramref name="stride"/> panel, zero in columns width..stride-1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyB<T>(T* b, nint ldb, int k, int width, int stride, T* dst) where T : unmanaged
    {
        int bytes = width * sizeof(T);
        if (bytes % 16 == 0)
        {
            // Whole panels: 16-byte moves (kernel widths are multiples of a half vector, at least 16 bytes).
            for (int p = 0; p < k; p++)
            {
                byte* from = (byte*)(b + p * ldb), to = (byte*)(dst + (nint)p * stride);
                for (int x = 0; x < bytes; x += 16) Vector128.Store(Vector128.Load(from + x), to + x);
            }
        }
        else
        {
            for (int p = 0; p < k; p++)
                for (int j = 0; j < width; j++)
                    dst[(nint)p * stride + j] = b[p * ldb + j];
        }
        ZeroColumns(dst, k, width, stride);
    }

    private static void ZeroColumns<T>(T* dst, int k, int from, int stride) where T : unmanaged
    {
        if (from == stride) return;
        for (int p = 0; p < k; p++)
            new Span<T>(dst + (nint)p * stride + from, stride - from).Clear();
    }

    /// <summary>Side of the square tiles <see cref="Transpose"/> handles for <typeparamref name="T"/>; 0 if none.</summary>
    private static int TileSize<T>() where T : unmanaged =>
        !Avx.IsSupported ? 0 : typeof(T) == typeof(float) ? 8 : typeof(T) == typeof(double) ? 4 : 0;

    /// <summary>dst[c·dstStride + r] = src[r·srcStride + c] for one tile of <see cref="TileSize{T}"/>².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose<T>(T* src, nint srcStride, T* dst, nint dstStride) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) Transpose8x8((float*)src, srcStride, (float*)dst, dstStride);
        else Transpose4x4((double*)src, srcStride, (double*)dst, dstStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * srcStride), r5 = Avx.LoadVector256(src + 5 * srcStride);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * srcStride), r7 = Avx.LoadVector256(src + 7 * srcStride);
        // Interleave pairs of rows, then pairs of pairs: s0 = [r00 r10 r20 r30 | r04 r14 r24 r34], …
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        // Join the 128-bit halves: column c takes the low (c < 4) or high half of s[c % 4] and s[c % 4 + 4].
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(double* src, nint srcStride, double* dst, nint dstStride)
    {
        Vector256<double> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride);
        Vector256<double> r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride);
        // t0 = [r00 r10 r02 r12], t1 = [r01 r11 r03 r13], t2 = [r20 r30 r22 r32], t3 = [r21 r31 r23 r33]
        Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(dst, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(t1, t3, 0x31));
    }
}
