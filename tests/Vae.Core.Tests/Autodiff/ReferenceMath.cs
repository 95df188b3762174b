namespace Vae.Core.Tests.Autodiff;

/// <summary>
/// Double-precision references for the stable ops, computed by formulas independent of the library's
/// (series and exact-argument identities instead of Goldberg's and Kahan's corrections).
/// </summary>
/// <remarks>
/// Error budgets, in units u = 2⁻⁵³ of relative error: <see cref="Log1p"/> ≤ 5u (the series: z has
/// two roundings, 2u, the sum about 3u more); for |x| ≥ ½ the argument of Math.Log is exact or within
/// u of 1 + x. <see cref="Expm1"/> ≤ 4u (Taylor terms each within a few u; for x &lt; 0 the alternating
/// sum cancels by at most a factor 1/(1 − e⁻¹) ≈ 1.6). <see cref="Softplus"/> ≤ 8u (see there).
/// </remarks>
public static class ReferenceMath
{
    /// <summary>ln(1 + x): 2 atanh(x / (2 + x)) by its series for |x| &lt; ½, else Math.Log(1 + x).</summary>
    /// <remarks>
    /// For x ≤ −½, 1 + x is exact (Sterbenz); for x ≥ ½ its rounding (u) changes the log by at most
    /// u / ln 1.5 ≈ 2.5u relative. For |x| &lt; ½, |z| ≤ ⅓ and the series z + z³/3 + … converges
    /// geometrically by at least 1/9 per term.
    /// </remarks>
    public static double Log1p(double x)
    {
        if (!(Math.Abs(x) < 0.5)) return Math.Log(1 + x);
        double z = x / (2 + x), z2 = z * z, power = z, sum = 0;
        for (int k = 1; ; k += 2)
        {
            double term = power / k;
            sum += term;
            if (Math.Abs(term) <= 1e-20 * Math.Abs(sum)) return 2 * sum;
            power *= z2;
        }
    }

    /// <summary>eˣ − 1: the Taylor series Σ xᵏ/k! for |x| &lt; 1, else Math.Exp(x) − 1 (|eˣ − 1| ≥ 1 − e⁻¹ there, so no cancellation).</summary>
    public static double Expm1(double x)
    {
        if (!(Math.Abs(x) < 1)) return Math.Exp(x) - 1;
        double term = x, sum = 0;
        for (int k = 2; k < 40; k++)
        {
            sum += term;
            term *= x / k;
        }
        return sum;
    }

    /// <summary>ln(1 + eˣ), by three formulas that differ from the library's max(x, 0) + log1p(e^(−|x|)).</summary>
    /// <remarks>
    /// For x &lt; −1: the alternating series Σ (−1)^(k+1) tᵏ/k in t = eˣ ≤ e⁻¹ (Math.Exp u, the sum a few
    /// u). For −1 ≤ x ≤ 30: Math.Log(1 + Math.Exp(x)), whose argument is within 2u of 1 + eˣ ≥ 1.37, so
    /// the result is within 2u / ln 1.37 + u ≈ 7.5u relative. For x &gt; 30: x + e⁻ˣ, which omits
    /// e⁻²ˣ/2 &lt; 10⁻²⁶ · x.
    /// </remarks>
    public static double Softplus(double x)
    {
        if (double.IsNaN(x) || x > 30) return x + Math.Exp(-x);
        if (x >= -1) return Math.Log(1 + Math.Exp(x));
        double t = Math.Exp(x), power = t, sum = 0;
        for (int k = 1; ; k++)
        {
            double term = power / k;
            sum += (k & 1) == 1 ? term : -term;
            if (term <= 1e-20 * sum) return sum;
            power *= t;
        }
    }

    /// <summary>σ(x) = 1 / (1 + e⁻ˣ).</summary>
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
