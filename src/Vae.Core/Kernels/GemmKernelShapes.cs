namespace Vae.Core.Kernels;

/// <summary>A set of register-blocked GEMM microkernels for one instruction set.</summary>
/// <remarks>
/// A kernel computes a tile of at most <see cref="RowBlock"/> rows of C and one of the widths 2V, 3V/2, V
/// or V/2 columns (V = <see cref="Lanes"/>): each element is one chain acc = fma(a[p·lda + r],
/// b[p·ldb + j], acc) over p = 0, 1, …, k-1, starting from acc = C[r, j] (loadC) or zero, and then stored
/// in C. Since a stored partial chain resumes exactly where it stopped, splitting k into blocks, like
/// splitting rows and columns between tiles and threads, leaves every result unchanged.
/// </remarks>
internal unsafe interface IGemmKernels<T> where T : unmanaged
{
    /// <summary>Whether these kernels run on this hardware for <typeparamref name="T"/>.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Rows of C one kernel call covers at most (MR).</summary>
    static abstract int RowBlock { get; }

    /// <summary>Elements of <typeparamref name="T"/> in one full vector (V).</summary>
    static abstract int Lanes { get; }

    /// <summary>Computes one tile; see the type remarks. <paramref name="width"/> is 2V, 3V/2, V or V/2.</summary>
    static abstract void Compute(int rows, int width, T* a, nint lda, T* b, nint ldb, T* c, nint ldc, int k, bool loadC);
}

/// <summary>Number of rows a kernel instantiation computes, as a type so that the JIT specialises on it.</summary>
internal interface IKernelRows
{
    /// <summary>The row count.</summary>
    static abstract int Count { get; }
}

/// <summary>Width of a kernel instantiation in vectors: <see cref="Full"/> whole vectors, plus a half one if <see cref="Half"/>.</summary>
internal interface IKernelWidth
{
    /// <summary>Whole vectors per row (0, 1 or 2).</summary>
    static abstract int Full { get; }

    /// <summary>Whether a half vector follows the whole ones.</summary>
    static abstract bool Half { get; }
}

internal readonly struct Rows1 : IKernelRows { public static int Count => 1; }
internal readonly struct Rows2 : IKernelRows { public static int Count => 2; }
internal readonly struct Rows3 : IKernelRows { public static int Count => 3; }
internal readonly struct Rows4 : IKernelRows { public static int Count => 4; }
internal readonly struct Rows5 : IKernelRows { public static int Count => 5; }
internal readonly struct Rows6 : IKernelRows { public static int Count => 6; }
internal readonly struct Rows7 : IKernelRows { public static int Count => 7; }
internal readonly struct Rows8 : IKernelRows { public static int Count => 8; }

internal readonly struct TwoVectors : IKernelWidth { public static int Full => 2; public static bool Half => false; }
internal readonly struct ThreeHalfVectors : IKernelWidth { public static int Full => 1; public static bool Half => true; }
internal readonly struct OneVector : IKernelWidth { public static int Full => 1; public static bool Half => false; }
internal readonly struct HalfVector : IKernelWidth { public static int Full => 0; public static bool Half => true; }
