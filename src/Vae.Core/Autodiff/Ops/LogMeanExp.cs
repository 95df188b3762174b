using System.Numerics;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// y = log((1/n) Σₖ exp(x[…, k, …])) = LogSumExp(x) − log n along <paramref name="axis"/> of extent n
    /// (negative counts from the end), stable like <see cref="LogSumExp{T}"/>: the importance-weighted
    /// (IWAE) bound is LogMeanExp of the log weights over the sample axis.
    /// </summary>
    /// <remarks>
    /// VJP: x̄ₖ += ȳ · softmaxₖ(x), exactly as for <see cref="LogSumExp{T}"/> (the shift by log n has no
    /// derivative), with the same treatment of infinities (all −∞ gives −∞ and a zero gradient).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The axis is out of range for the shape of <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentException">The axis is empty (extent 0).</exception>
    public static Var<T> LogMeanExp<T>(Var<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        LogSumExpAlongAxis(LogSumExpOp<T>.Mean, x, axis, keepDims);
}
