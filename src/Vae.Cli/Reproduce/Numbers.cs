using System.Globalization;

namespace Vae.Cli.Reproduce;

/// <summary>Culture-independent number formatting for the paper's tables and prose.</summary>
internal static class Numbers
{
    /// <summary><paramref name="value"/> with exactly <paramref name="decimals"/> decimals (negative zero shown as zero).</summary>
    public static string Fixed(double value, int decimals)
    {
        string text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.StartsWith('-') && text.AsSpan(1).IndexOfAnyExcept("0.") < 0 ? text[1..] : text;
    }

    /// <summary>The shortest text that parses back to <paramref name="value"/> exactly.</summary>
    public static string RoundTrip(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An integer without grouping.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A percentage with <paramref name="decimals"/> decimals, e.g. <c>50%</c> or <c>0.3%</c>.</summary>
    public static string Percent(double fraction, int decimals = 0) => Fixed(100 * fraction, decimals) + "%";
}
