using System.Text;

namespace Vae.Figures.Axes;

/// <summary>
/// Tick values kept exactly as <c>m·10^e</c> with integer <c>m</c>, so that labels are written from the
/// integers (no binary rounding shows) and values are a single correctly rounded operation away.
/// </summary>
internal static class Decimal10
{
    /// <summary>Exponents at or beyond these use scientific labels (<c>2×10⁶</c>) rather than fixed ones.</summary>
    public const int ScientificAtOrAbove = 6, ScientificAtOrBelow = -5;

    private const char Minus = '\u2212';
    private const string Superscripts = "\u2070\u00B9\u00B2\u00B3\u2074\u2075\u2076\u2077\u2078\u2079";

    // 1e0 .. 1e22: the powers of ten a double holds exactly (10^22 < 2^53·2^22 and 5^22 < 2^53).
    private static readonly double[] ExactPowers =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary><c>10^e</c> for <c>e ≥ 0</c>; exact up to 10^22.</summary>
    public static double Pow10(int e) => e < ExactPowers.Length ? ExactPowers[e] : Math.Pow(10, e);

    /// <summary><c>m·10^e</c> with one rounding for |e| ≤ 22 (a product with, or quotient by, an exact power of ten).</summary>
    public static double Value(long m, int e) => e >= 0 ? m * Pow10(e) : m / Pow10(-e);

    /// <summary>
    /// <c>m·10^e</c> written with exactly <c>max(-e, 0)</c> fraction digits (Heckbert's <c>nfrac</c> when
    /// <c>e</c> is the step's exponent), e.g. (15, −4) → "0.0015", (3, 2) → "300", (−5, −1) → "−0.5".
    /// </summary>
    public static string Fixed(long m, int e)
    {
        if (m == 0) return e >= 0 ? "0" : "0." + new string('0', -e);
        var sb = new StringBuilder();
        if (m < 0) sb.Append(Minus);
        string digits = Magnitude(m);
        if (e >= 0)
        {
            sb.Append(digits).Append('0', e);
        }
        else
        {
            int fraction = -e;
            if (digits.Length <= fraction) digits = new string('0', fraction - digits.Length + 1) + digits;
            sb.Append(digits, 0, digits.Length - fraction).Append('.').Append(digits, digits.Length - fraction, fraction);
        }
        return sb.ToString();
    }

    /// <summary>
    /// <c>m·10^e</c> in scientific form with the significant digits only: "0", "10⁶", "2×10⁶", "1.5×10⁻⁵", "−10³".
    /// </summary>
    public static string Scientific(long m, int e)
    {
        if (m == 0) return "0";
        while (m % 10 == 0) { m /= 10; e++; }
        string digits = Magnitude(m);
        int exponent = e + digits.Length - 1;
        var sb = new StringBuilder();
        if (m < 0) sb.Append(Minus);
        if (digits != "1")
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('\u00D7');
        }
        sb.Append("10");
        AppendSuperscript(sb, exponent);
        return sb.ToString();
    }

    private static string Magnitude(long m) =>
        m == long.MinValue ? "9223372036854775808" : Math.Abs(m).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void AppendSuperscript(StringBuilder sb, int exponent)
    {
        if (exponent < 0) sb.Append('\u207B');
        foreach (char c in Math.Abs(exponent).ToString(System.Globalization.CultureInfo.InvariantCulture))
            sb.Append(Superscripts[c - '0']);
    }
}
