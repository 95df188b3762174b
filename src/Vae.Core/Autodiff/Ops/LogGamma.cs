using System.Numerics;
using System.Runtime.CompilerServices;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = ln |Γ(x)|, element-wise (+∞ at the poles x = 0, −1, −2, …).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ ⊙ ψ(x), the digamma function (see <see cref="Digamma{T}"/>).
    /// <para>
    /// Evaluated in double precision and rounded to <typeparamref name="T"/>: for x ≥ 15 Stirling's
    /// series (x − ½)(ln x − 1) − ½ + ½ ln 2π + Σₖ B₂ₖ / (2k(2k − 1) x^(2k−1)) with k ≤ 8, whose first
    /// omitted term is below 2·10⁻²¹; for ½ ≤ x &lt; 15 the recurrence ln Γ(x) = ln Γ(x + n) − ln(x(x + 1)…(x + n − 1));
    /// for x &lt; ½ the reflection ln |Γ(x)| = ln(π / |sin πx|) − ln Γ(1 − x) (with an exact sin πx).
    /// The error is below about 10⁻¹⁴ · max(1, |ln Γ(x)|) (measured against 40-digit arithmetic); the
    /// recurrence subtracts numbers near ln Γ(15) ≈ 25, so near the zeros at 1 and 2 the error is
    /// absolute, not relative.
    /// </para>
    /// </remarks>
    public static Var<T> LogGamma<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(LogGammaOp<T>.Instance, x, LogGammaKernel);

    private static void LogGammaKernel<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.CreateChecked(LogGammaOf(double.CreateChecked(x[i])));
    }

    /// <summary>ln |Γ(x)| in double precision (see <see cref="LogGamma{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double LogGammaOf(double x)
    {
        if (double.IsNaN(x) || double.IsPositiveInfinity(x)) return x;
        if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(double.SinPi(x))) - LogGammaOf(1 - x);
        double shift = 0;
        if (x < 15)
        {
            double product = 1;
            for (; x < 15; x++) product *= x;
            shift = Math.Log(product);
        }
        double inverse = 1 / x, inverse2 = inverse * inverse, series = 0;
        for (int k = StirlingLogGamma.Length - 1; k >= 0; k--) series = series * inverse2 + StirlingLogGamma[k];
        return (x - 0.5) * (Math.Log(x) - 1) + (HalfLogTwoPi - 0.5) + series * inverse - shift;
    }

    private const double HalfLogTwoPi = 0.91893853320467274178032973640562;

    /// <summary>B₂ₖ / (2k(2k − 1)) for k = 1 … 8: the coefficients of Stirling's series for ln Γ.</summary>
    private static readonly double[] StirlingLogGamma =
    [
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156, -3617.0 / 122400,
    ];

    private sealed class LogGammaOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly LogGammaOp<T> Instance = new();
        public override string Name => "LogGamma";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> x = y.A.Value.ReadOnlySpan, upstream = y.GradSpan;
            for (int i = 0; i < g.Length; i++) g[i] += upstream[i] * T.CreateChecked(DigammaOf(double.CreateChecked(x[i])));
        }
    }
}
