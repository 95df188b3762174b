using System.Numerics;
using Vae.Core.Kernels;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = a + b, broadcasting (NumPy rules).</summary>
    /// <remarks>VJP: ā += Σ_broadcast ȳ, b̄ += Σ_broadcast ȳ (summed over the axes each operand was repeated along).</remarks>
    /// <exception cref="Tensors.ShapeMismatchException">The shapes do not broadcast.</exception>
    public static Var<T> Add<T>(Var<T> a, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Binary<T, AddMap<T>>(AddOp<T>.Instance, a, b);

    private sealed class AddOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly AddOp<T> Instance = new();
        public override string Name => "Add";

        public override void Backward(Var<T> y)
        {
            foreach (var input in (ReadOnlySpan<Var<T>>)[y.A!, y.B!])
                if (input.RequiresGrad)
                    BroadcastKernels.AccumulateSumTo<T>(y.GradSpan, y.Shape, input.GradForAccumulation(), input.Shape);
        }
    }
}
