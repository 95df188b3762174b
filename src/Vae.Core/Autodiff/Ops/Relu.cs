using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = max(x, 0), element-wise.</summary>
    /// <remarks>VJP: x̄ += ȳ where y &gt; 0 (the subgradient 0 is taken at x = 0).</remarks>
    public static Var<T> Relu<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(ReluOp<T>.Instance, x, static (s, d) => TP.Max(s, T.Zero, d));

    private sealed class ReluOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ReluOp<T> Instance = new();
        public override string Name => "Relu";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForUpdate(out bool accumulate);
            PassWherePositive(y.Value.ReadOnlySpan, y.GradSpan, g, accumulate);
        }
    }

    /// <summary>
    /// g[i] = (accumulate ? g[i] : 0) + (value[i] &gt; 0 ? upstream[i] : 0): the ReLU VJP as a branch-free
    /// vector select (a data-dependent branch per element mispredicts on about half of a layer's units).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PassWherePositive<T>(ReadOnlySpan<T> value, ReadOnlySpan<T> upstream, Span<T> g, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            ref T v = ref MemoryMarshal.GetReference(value);
            ref T u = ref MemoryMarshal.GetReference(upstream);
            ref T d = ref MemoryMarshal.GetReference(g);
            for (; i <= g.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var passed = Vector512.GreaterThan(Vector512.LoadUnsafe(ref v, (nuint)i), Vector512<T>.Zero)
                             & Vector512.LoadUnsafe(ref u, (nuint)i);
                if (accumulate) passed += Vector512.LoadUnsafe(ref d, (nuint)i);
                passed.StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < g.Length; i++)
        {
            T passed = value[i] > T.Zero ? upstream[i] : T.Zero;
            g[i] = accumulate ? g[i] + passed : passed;
        }
    }
}
