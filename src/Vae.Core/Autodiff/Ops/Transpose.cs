using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>Yᵢⱼ = Xⱼᵢ for a rank-2 <paramref name="x"/> of shape [m, n]; Y has shape [n, m].</summary>
    /// <remarks>
    /// VJP: X̄ += Ȳᵀ. Both directions copy in 16×16 tiles so that reads and writes stay in cache; a
    /// matrix with one row or one column has the same row-major layout as its transpose and is copied
    /// straight. To multiply by a transpose, prefer the flags of <see cref="MatMul{T}"/>, which avoid the copy.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not rank 2.</exception>
    public static Var<T> Transpose<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Shape.Rank != 2)
            throw new ArgumentException($"Transpose: x must be rank 2; got shape {x.Shape}.", nameof(x));
        int rows = x.Shape[0], cols = x.Shape[1];
        var y = x.Tape.Push(TransposeOp<T>.Instance, new Shape(cols, rows), x);
        TransposeTiles(x.Value.ReadOnlySpan, y.Value.Span, rows, cols, accumulate: false);
        return y;
    }

    /// <summary>
    /// destination (+)= sourceᵀ, where source is a row-major rows×cols matrix and destination cols×rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeTiles<T>(ReadOnlySpan<T> source, Span<T> destination, int rows, int cols, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // 16×16 tiles: 32×32 tiles of double hit 4K aliasing when one side is 256 (the destination
        // column stride is then 2 KiB), which measured 4× slower; 8 and 16 are fast for every shape tried.
        const int Tile = 16;
        int size = rows * cols;
        if (source.Length < size || destination.Length < size)
            throw new ArgumentException($"Transpose: a {rows}x{cols} matrix needs {size} elements; got {source.Length} and {destination.Length}.");
        if (rows == 1 || cols == 1)
        {
            if (accumulate) TP.Add(destination[..size], source[..size], destination[..size]);
            else source[..size].CopyTo(destination);
            return;
        }
        ref T src = ref MemoryMarshal.GetReference(source);
        ref T dst = ref MemoryMarshal.GetReference(destination);
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, rows);
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, cols);
                // Indices stay below rows·cols (checked above), so the unchecked reads and writes are in bounds.
                if (accumulate)
                {
                    for (int i = i0; i < i1; i++)
                        for (int j = j0; j < j1; j++)
                            Unsafe.Add(ref dst, j * rows + i) += Unsafe.Add(ref src, i * cols + j);
                }
                else
                {
                    for (int i = i0; i < i1; i++)
                        for (int j = j0; j < j1; j++)
                            Unsafe.Add(ref dst, j * rows + i) = Unsafe.Add(ref src, i * cols + j);
                }
            }
        }
    }

    private sealed class TransposeOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly TransposeOp<T> Instance = new();
        public override string Name => "Transpose";

        public override void Backward(Var<T> y) =>
            TransposeTiles(y.GradSpan, y.A!.GradForAccumulation(), y.Shape[0], y.Shape[1], accumulate: true);
    }
}
