using System.Numerics;
using System.Runtime.CompilerServices;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = ψ(x) = d ln Γ(x) / dx, the digamma function, element-wise (NaN at the poles x = 0, −1, −2, …).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ ⊙ ψ′(x), the trigamma function.
    /// <para>
    /// Both are evaluated in double precision and rounded to <typeparamref name="T"/>: for x ≥ 10 the
    /// asymptotic series ψ(x) = ln x − 1/(2x) − Σₖ B₂ₖ / (2k x^(2k)) (k ≤ 7; first omitted term below
    /// 5·10⁻¹⁷) and ψ′(x) = 1/x + 1/(2x²) + Σₖ B₂ₖ / x^(2k+1) (k ≤ 8; first omitted term below 6·10⁻¹⁷
    /// relative); below 10 the recurrences ψ(x) = ψ(x + 1) − 1/x and ψ′(x) = ψ′(x + 1) + 1/x²; below ½
    /// the reflections ψ(x) = ψ(1 − x) − π cot πx and ψ′(x) = π² / sin² πx − ψ′(1 − x) (with exact
    /// sin πx and cos πx). Measured against 40-digit arithmetic the error is below about
    /// 15 ulps · max(1, |ψ(x)|) and 10 ulps · max(1, ψ′(x)); near the positive zero of ψ at 1.4616… it
    /// is absolute, not relative.
    /// </para>
    /// </remarks>
    public static Var<T> Digamma<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(DigammaOp<T>.Instance, x, DigammaKernel);

    private static void DigammaKernel<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.CreateChecked(DigammaOf(double.CreateChecked(x[i])));
    }

    /// <summary>ψ(x) in double precision (see <see cref="Digamma{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double DigammaOf(double x)
    {
        if (double.IsNaN(x) || double.IsPositiveInfinity(x)) return x;
        if (x <= 0 && x == Math.Floor(x)) return double.NaN;
        if (x < 0.5) return DigammaOf(1 - x) - Math.PI * double.CosPi(x) / double.SinPi(x);
        double shift = 0;
        for (; x < 10; x++) shift -= 1 / x;
        double inverse2 = 1 / (x * x), series = 0;
        for (int k = AsymptoticDigamma.Length - 1; k >= 0; k--) series = series * inverse2 + AsymptoticDigamma[k];
        return shift + Math.Log(x) - 0.5 / x - series * inverse2;
    }

    /// <summary>ψ′(x) in double precision (see <see cref="Digamma{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double TrigammaOf(double x)
    {
        if (double.IsNaN(x)) return x;
        if (double.IsPositiveInfinity(x)) return 0;
        if (x <= 0 && x == Math.Floor(x)) return double.PositiveInfinity;
        if (x < 0.5)
        {
            double ratio = Math.PI / double.SinPi(x);
            return ratio * ratio - TrigammaOf(1 - x);
        }
        double shift = 0;
        for (; x < 10; x++) shift += 1 / (x * x);
        double inverse = 1 / x, inverse2 = inverse * inverse, series = 0;
        for (int k = AsymptoticTrigamma.Length - 1; k >= 0; k--) series = series * inverse2 + AsymptoticTrigamma[k];
        return shift + inverse + 0.5 * inverse2 + series * inverse2 * inverse;
    }

    /// <summary>B₂ₖ / (2k) for k = 1 … 7: the asymptotic series of ψ.</summary>
    private static readonly double[] AsymptoticDigamma =
    [
        1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132, -691.0 / 32760, 1.0 / 12,
    ];

    /// <summary>B₂ₖ for k = 1 … 8: the asymptotic series of ψ′.</summary>
    private static readonly double[] AsymptoticTrigamma =
    [
        1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510,
    ];

    private sealed class DigammaOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly DigammaOp<T> Instance = new();
        public override string Name => "Digamma";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> x = y.A.Value.ReadOnlySpan, upstream = y.GradSpan;
            for (int i = 0; i < g.Length; i++) g[i] += upstream[i] * T.CreateChecked(TrigammaOf(double.CreateChecked(x[i])));
        }
    }
}
