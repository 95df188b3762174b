using System.Numerics;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// The rows of <paramref name="x"/> [rows, columns] repeated <paramref name="times"/> times one block
    /// after another: y [times·rows, columns] with y[s·rows + i] = x[i] (NumPy's <c>np.tile(x, (times, 1))</c>).
    /// </summary>
    /// <remarks>
    /// One copy of each block, where <c>Reshape(BroadcastTo(Reshape(x, 1, rows, columns), …), …)</c> copies
    /// the whole result twice. VJP: x̄ += Σₛ ȳ[s·rows .. (s+1)·rows).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is below 1.</exception>
    /// <exception cref="ShapeMismatchException"><paramref name="x"/> is not rank 2.</exception>
    public static Var<T> TileRows<T>(Var<T> x, int times) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        if (x.Shape.Rank != 2)
            throw new ShapeMismatchException("TileRows", x.Shape, new Shape(times), "x must be [rows, columns]");
        var y = x.Tape.Push(TileRowsOp<T>.Instance, new Shape(times * x.Shape[0], x.Shape[1]), x);
        ReadOnlySpan<T> block = x.Value.ReadOnlySpan;
        var target = y.Value.Span;
        for (int s = 0; s < times; s++) block.CopyTo(target.Slice(s * block.Length, block.Length));
        return y;
    }

    private sealed class TileRowsOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly TileRowsOp<T> Instance = new();
        public override string Name => "TileRows";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> upstream = y.GradSpan;
            for (int start = 0; start < upstream.Length; start += g.Length) TP.Add(g, upstream.Slice(start, g.Length), g);
        }
    }
}
