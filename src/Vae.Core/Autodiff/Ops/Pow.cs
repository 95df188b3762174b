using System.Numerics;
using Vae.Core.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = x^e element-wise for a differentiable exponent, broadcasting (NumPy rules); defined for x &gt; 0.</summary>
    /// <remarks>
    /// VJP: x̄ += Σ_broadcast ȳ ⊙ e ⊙ y / x and ē += Σ_broadcast ȳ ⊙ y ⊙ ln x, from the saved output
    /// (x^(e−1) = y / x). Outside x &gt; 0 the gradients are not defined (x = 0 gives NaN); for a
    /// constant exponent use <see cref="Pow{T}(Var{T}, T)"/>, which handles x ≤ 0.
    /// </remarks>
    /// <exception cref="Tensors.ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Var<T> Pow<T>(Var<T> x, Var<T> exponent) where T : unmanaged, IFloatingPointIeee754<T> =>
        Binary<T, PowMap<T>>(PowOp<T>.Instance, x, exponent);

    /// <summary>x^y by the scalar <c>T.Pow</c> (within an ulp in float, unlike the vectorised <c>TensorPrimitives.Pow</c>).</summary>
    private readonly struct PowMap<T> : IBinaryMap<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = T.Pow(x[i], y[i]);
        }

        public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = T.Pow(x[i], y);
        }

        public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d)
        {
            for (int i = 0; i < d.Length; i++) d[i] = T.Pow(x, y[i]);
        }
    }

    private sealed class PowOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly PowOp<T> Instance = new();
        public override string Name => "Pow";

        public override void Backward(Var<T> y)
        {
            Var<T> x = y.A!, e = y.B!;
            ReadOnlySpan<T> value = y.Value.ReadOnlySpan;
            if (x.RequiresGrad)
            {
                var factor = y.Tape.Scratch(y.Shape).Span;
                BroadcastKernels.Map<T, DivideMap<T>>(value, y.Shape, x.Value.ReadOnlySpan, x.Shape, factor, y.Shape);
                BroadcastKernels.Map<T, MultiplyMap<T>>(factor, y.Shape, e.Value.ReadOnlySpan, e.Shape, factor, y.Shape);
                AccumulateProduct(x, y, factor, y.Shape);
            }
            if (e.RequiresGrad)
            {
                var logX = y.Tape.Scratch(x.Shape).Span;
                TP.Log(x.Value.ReadOnlySpan, logX);
                var factor = y.Tape.Scratch(y.Shape).Span;
                BroadcastKernels.Map<T, MultiplyMap<T>>(value, y.Shape, logX, x.Shape, factor, y.Shape);
                AccumulateProduct(e, y, factor, y.Shape);
            }
        }
    }
}
