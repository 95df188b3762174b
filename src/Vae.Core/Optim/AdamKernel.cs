using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace Vae.Core.Optim;

/// <summary>The element-wise Adam/AdamW update documented on <see cref="AdamBase{T}"/>, in vector lanes and a matching scalar tail.</summary>
internal static class AdamKernel
{
    /// <summary>The per-step scalars, already rounded to <typeparamref name="T"/>.</summary>
    internal readonly record struct Scalars<T>(T Beta1, T OneMinusBeta1, T Beta2, T OneMinusBeta2, T L2, T Decay,
        T Correction2Sqrt, T Epsilon, T NegativeStepSize);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, in Scalars<T> s, bool applyL2, bool applyDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        // The same lane arithmetic twice: 512-bit lanes where the hardware has them, then Vector<T>
        // (256-bit on AVX2) for the rest; each lane performs the scalar tail's IEEE operations.
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            Vector512<T> beta1 = Vector512.Create(s.Beta1), oneMinusBeta1 = Vector512.Create(s.OneMinusBeta1), beta2 = Vector512.Create(s.Beta2),
                oneMinusBeta2 = Vector512.Create(s.OneMinusBeta2), l2 = Vector512.Create(s.L2), decay = Vector512.Create(s.Decay),
                correction2Sqrt = Vector512.Create(s.Correction2Sqrt), epsilon = Vector512.Create(s.Epsilon), negativeStepSize = Vector512.Create(s.NegativeStepSize);
            for (; i <= p.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                Vector512<T> pi = Vector512.Create<T>(p[i..]), gi = Vector512.Create<T>(g[i..]), mi = Vector512.Create<T>(m[i..]), vi = Vector512.Create<T>(v[i..]);
                if (applyL2) gi += l2 * pi;
                if (applyDecay) pi *= decay;
                mi = mi * beta1 + oneMinusBeta1 * gi;
                vi = vi * beta2 + oneMinusBeta2 * gi * gi;
                var denominator = Vector512.Sqrt(vi) / correction2Sqrt + epsilon;
                pi += negativeStepSize * mi / denominator;
                pi.CopyTo(p[i..]);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
            }
        }
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> beta1 = new(s.Beta1), oneMinusBeta1 = new(s.OneMinusBeta1), beta2 = new(s.Beta2),
                oneMinusBeta2 = new(s.OneMinusBeta2), l2 = new(s.L2), decay = new(s.Decay),
                correction2Sqrt = new(s.Correction2Sqrt), epsilon = new(s.Epsilon), negativeStepSize = new(s.NegativeStepSize);
            for (; i <= p.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> pi = new(p[i..]), gi = new(g[i..]), mi = new(m[i..]), vi = new(v[i..]);
                if (applyL2) gi += l2 * pi;
                if (applyDecay) pi *= decay;
                mi = mi * beta1 + oneMinusBeta1 * gi;
                vi = vi * beta2 + oneMinusBeta2 * gi * gi;
                var denominator = Vector.SquareRoot(vi) / correction2Sqrt + epsilon;
                pi += negativeStepSize * mi / denominator;
                pi.CopyTo(p[i..]);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            T pi = p[i], gi = g[i];
            if (applyL2) gi += s.L2 * pi;
            if (applyDecay) pi *= s.Decay;
            T mi = m[i] * s.Beta1 + s.OneMinusBeta1 * gi;
            T vi = v[i] * s.Beta2 + s.OneMinusBeta2 * gi * gi;
            T denominator = T.Sqrt(vi) / s.Correction2Sqrt + s.Epsilon;
            p[i] = pi + s.NegativeStepSize * mi / denominator;
            m[i] = mi;
            v[i] = vi;
        }
    }
}
