using System.Numerics;
using System.Runtime.CompilerServices;

namespace Vae.Core.Autodiff;

public static partial class Ops
{
    /// <summary>y = erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt, element-wise (±1 at ±∞).</summary>
    /// <remarks>
    /// VJP: x̄ += ȳ ⊙ (2/√π) e^(−x²).
    /// <para>
    /// Evaluated in double precision (and rounded to <typeparamref name="T"/>) by two expansions
    /// without cancellation: for |x| &lt; 3 the series of positive terms
    /// erf(x) = (2/√π) x e^(−x²) Σₙ (2x²)ⁿ / (1·3·…·(2n + 1)) (Abramowitz and Stegun 7.1.6), whose
    /// relative error is a few ulps (the exponent x² is rounded once, which costs up to x² ulps: at
    /// most about 10 near |x| = 3, measured against 40-digit arithmetic); for |x| ≥ 3 erf(x) = sign(x)(1 − erfc|x|) with erfc from its continued fraction
    /// (A&amp;S 7.1.14) evaluated by the modified Lentz method, where erfc|x| &lt; 2.3·10⁻⁵ so the
    /// subtraction is exact to half an ulp of 1. Not vectorised: the ops that use it (divergences)
    /// are not hot.
    /// </para>
    /// </remarks>
    public static Var<T> Erf<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Unary(ErfOp<T>.Instance, x, ErfKernel);

    private static void ErfKernel<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = T.CreateChecked(ErfOf(double.CreateChecked(x[i])));
    }

    /// <summary>erf(x) in double precision (see <see cref="Erf{T}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double ErfOf(double x)
    {
        if (double.IsNaN(x)) return x;
        double a = Math.Abs(x);
        if (a < 3)
        {
            // Σ tₙ with t₀ = 1, tₙ = tₙ₋₁ · 2x² / (2n + 1); the ratio is below 1 from n = 9 on and the
            // tail after a term below ε·sum is below that term times 1/(1 − 18/21): stop there.
            double twoX2 = 2 * a * a, term = 1, sum = 1;
            for (int n = 1; n < 200 && term > 1e-17 * sum; n++)
            {
                term *= twoX2 / (2 * n + 1);
                sum += term;
            }
            return TwoOverSqrtPi * x * Math.Exp(-a * a) * sum;
        }
        double erfc = a >= 6.5 ? 0 : ErfcContinuedFraction(a); // erfc(6.5) < 4e-20: below half an ulp of 1.
        return Math.CopySign(1 - erfc, x);
    }

    /// <summary>
    /// erfc(a) for a ≥ 3 from e^(−a²)/√π · 1/(a + ½/(a + 1/(a + (3/2)/(a + …)))) (modified Lentz);
    /// at a = 3 the convergents agree to 1e-17 after about 60 terms.
    /// </summary>
    private static double ErfcContinuedFraction(double a)
    {
        const double Tiny = 1e-300;
        double f = a, c = a, d = 0;
        for (int k = 1; k < 500; k++)
        {
            double numerator = 0.5 * k;
            d = a + numerator * d;
            d = 1 / (d == 0 ? Tiny : d);
            c = a + numerator / c;
            if (c == 0) c = Tiny;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-17) break;
        }
        return Math.Exp(-a * a) / (f * Math.Sqrt(Math.PI));
    }

    private const double TwoOverSqrtPi = 1.1283791670955125738961589031215;

    private sealed class ErfOp<T> : Op<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly ErfOp<T> Instance = new();
        public override string Name => "Erf";

        public override void Backward(Var<T> y)
        {
            var g = y.A!.GradForAccumulation();
            ReadOnlySpan<T> x = y.A.Value.ReadOnlySpan, upstream = y.GradSpan;
            for (int i = 0; i < g.Length; i++)
            {
                double xi = double.CreateChecked(x[i]);
                g[i] += upstream[i] * T.CreateChecked(TwoOverSqrtPi * Math.Exp(-xi * xi));
            }
        }
    }
}
