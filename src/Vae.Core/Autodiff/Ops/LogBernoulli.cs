using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Vae.Core.Kernels;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>Elements per block of the fused kernels: a few blocks of temporaries stay in L1.</summary>
    private const int FusedBlock = 512;

    /// <summary>
    /// y = x ℓ − softplus(ℓ), element-wise: the Bernoulli log-likelihood log p(x | σ(ℓ)) of x ∈ [0, 1]
    /// given logits ℓ, i.e. −BCEWithLogits(ℓ, x). <paramref name="logits"/> and <paramref name="x"/>
    /// have the same shape.
    /// </summary>
    /// <remarks>
    /// One pass instead of the five ops of <c>x * ℓ - Softplus(ℓ)</c>, with the same formula:
    /// softplus(ℓ) = max(ℓ, 0) + ln(1 + e^(−|ℓ|)) (the ln(1 + ·) is <see cref="Log1p{T}"/>'s kernel, so the
    /// result keeps full relative accuracy for ℓ → −∞). e^(−|ℓ|) is saved for the VJP. Large tensors are split across
    /// <see cref="ComputeThreads.Count"/> threads (bit-identical for any count: each element stands alone).
    /// <para>VJP: ℓ̄ += ȳ ⊙ (x − σ(ℓ)) with σ(ℓ) = (ℓ ≥ 0 ? 1 : e^(−|ℓ|)) / (1 + e^(−|ℓ|)), which neither
    /// overflows nor cancels; x̄ += ȳ ⊙ ℓ.</para>
    /// </remarks>
    /// <exception cref="ShapeMismatchException">The shapes differ.</exception>
    public static Var<T> LogBernoulli<T>(Var<T> logits, Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tape = TapeOf("LogBernoulli", logits, x);
        if (logits.Shape != x.Shape)
            throw new ShapeMismatchException("LogBernoulli", logits.Shape, x.Shape, "the logits and the values must have the same shape");
        var y = tape.Push(LogBernoulliOp<T>.Instance, x.Shape, logits, x);
        y.Saved = tape.Scratch(x.Shape);
        LogBernoulliForwardJob<T>.Run(logits.Value, x.Value, y.Saved, y.Value);
        return y;
    }

    /// <summary>e = e^(−|ℓ|) and y = xℓ − max(ℓ, 0) − ln(1 + e), block by block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LogBernoulliForward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> x, Span<T> e, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> block = stackalloc T[FusedBlock];
        for (int start = 0; start < y.Length; start += FusedBlock)
        {
            int count = Math.Min(FusedBlock, y.Length - start);
            ReadOnlySpan<T> l = logits.Slice(start, count), xs = x.Slice(start, count);
            Span<T> es = e.Slice(start, count), ys = y.Slice(start, count), log1p = block[..count];
            TP.Abs(l, es);
            TP.Negate(es, es);
            TP.Exp(es, es);
            Log1pKernel<T>(es, log1p);
            TP.Negate(log1p, ys);
            TP.FusedMultiplyAdd(xs, l, ys, ys);
            TP.Max(l, T.Zero, log1p);
            TP.Subtract(ys, log1p, ys);
        }
    }

    /// <summary>y[i] = x[i] ≥ 0 ? 1 : e[i], as a vector select.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OneWhereNonNegative<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> e, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i <= y.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var nonNegative = Vector512.GreaterThanOrEqual(Vector512.Create(x.Slice(i, Vector512<T>.Count)), Vector512<T>.Zero);
                Vector512.ConditionalSelect(nonNegative, Vector512<T>.One, Vector512.Create(e.Slice(i, Vector512<T>.Count))).CopyTo(y.Slice(i));
            }
        for (; i < y.Length; i++) y[i] = x[i] >= T.Zero ? T.One : e[i];
    }

    private sealed class LogBernoulliOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly LogBernoulliOp<T> Instance = new();
        public override string Name => "LogBernoulli";

        public override void Backward(Var<T> y)
        {
            Var<T> logits = y.A!, x = y.B!;
            if (logits.RequiresGrad)
            {
                logits.GradForUpdate(out bool accumulate);
                LogBernoulliBackwardJob<T>.Run(logits.Value, x.Value, y.Saved!, y.gradBuffer!, logits.gradBuffer!, accumulate);
            }
            if (x.RequiresGrad)
            {
                var g = x.GradForAccumulation();
                TP.MultiplyAdd(y.GradSpan, logits.Value.ReadOnlySpan, g, g);
            }
        }
    }

    /// <summary><see cref="LogBernoulliForward{T}"/> on blocks of the tensors, on up to <see cref="ComputeThreads.Count"/> threads.</summary>
    private sealed class LogBernoulliForwardJob<T> : BlockJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static LogBernoulliForwardJob<T>? cached;
        private Tensor<T>? logits, x, e, y;

        public static void Run(Tensor<T> logits, Tensor<T> x, Tensor<T> e, Tensor<T> y)
        {
            var job = cached ??= new LogBernoulliForwardJob<T>();
            (job.logits, job.x, job.e, job.y) = (logits, x, e, y);
            try
            {
                job.Run(y.Size);
            }
            finally
            {
                job.logits = job.x = job.e = job.y = null;
            }
        }

        protected override void Execute(int start, int count) =>
            LogBernoulliForward(logits!.ReadOnlySpan.Slice(start, count), x!.ReadOnlySpan.Slice(start, count),
                e!.Span.Slice(start, count), y!.Span.Slice(start, count));
    }

    /// <summary><see cref="AccumulateLogitGradient{T}"/> on blocks of the tensors, on up to <see cref="ComputeThreads.Count"/> threads.</summary>
    private sealed class LogBernoulliBackwardJob<T> : BlockJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] private static LogBernoulliBackwardJob<T>? cached;
        private Tensor<T>? logits, x, e, upstream, g;
        private bool accumulate;

        public static void Run(Tensor<T> logits, Tensor<T> x, Tensor<T> e, Tensor<T> upstream, Tensor<T> g, bool accumulate)
        {
            var job = cached ??= new LogBernoulliBackwardJob<T>();
            (job.logits, job.x, job.e, job.upstream, job.g, job.accumulate) = (logits, x, e, upstream, g, accumulate);
            try
            {
                job.Run(g.Size);
            }
            finally
            {
                job.logits = job.x = job.e = job.upstream = job.g = null;
            }
        }

        protected override void Execute(int start, int count) =>
            AccumulateLogitGradient(logits!.ReadOnlySpan.Slice(start, count), x!.ReadOnlySpan.Slice(start, count),
                e!.ReadOnlySpan.Slice(start, count), upstream!.ReadOnlySpan.Slice(start, count), g!.Span.Slice(start, count), accumulate);
    }

    /// <summary>g (+)= ȳ ⊙ (x − σ(ℓ)) with σ(ℓ) from the saved e = e^(−|ℓ|), block by block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateLogitGradient<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> x, ReadOnlySpan<T> e,
        ReadOnlySpan<T> upstream, Span<T> g, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> block = stackalloc T[2 * FusedBlock];
        for (int start = 0; start < g.Length; start += FusedBlock)
        {
            int count = Math.Min(FusedBlock, g.Length - start);
            ReadOnlySpan<T> l = logits.Slice(start, count), es = e.Slice(start, count);
            Span<T> sigmoid = block[..count], denominator = block.Slice(FusedBlock, count), gs = g.Slice(start, count);
            OneWhereNonNegative(l, es, sigmoid);
            TP.Add(es, T.One, denominator);
            TP.Divide(sigmoid, denominator, sigmoid);
            TP.Subtract(x.Slice(start, count), sigmoid, sigmoid);
            if (accumulate) TP.MultiplyAdd(upstream.Slice(start, count), sigmoid, gs, gs);
            else TP.Multiply(upstream.Slice(start, count), sigmoid, gs);
        }
    }
}
