namespace Vae.Figures.Text;

/// <summary>
/// Estimates rendered text widths for layout without a font engine. The advance widths are those of
/// DejaVu Sans (units per em 2048, read from DejaVuSans.ttf's <c>hmtx</c> table), the widest of the usual
/// sans-serif fallbacks, so a layout made with these numbers also fits Helvetica or Arial.
/// </summary>
internal static class TextMetrics
{
    // Advance widths of U+0020..U+007E in DejaVu Sans, in 1/2048 em.
    private static readonly short[] Ascii =
    [
        651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690,
        1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087,
        2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
        1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024,
        1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253,
        1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
    ];

    /// <summary>Bold glyphs of DejaVu Sans are about 10% wider than the book weight.</summary>
    private const double BoldFactor = 1.1;

    /// <summary>Estimated width in pixels of <paramref name="text"/> at <paramref name="fontSize"/> pixels.</summary>
    public static double Width(string text, double fontSize, bool bold = false)
    {
        double units = 0;
        foreach (char c in text) units += Advance(c);
        return units / 2048.0 * fontSize * (bold ? BoldFactor : 1.0);
    }

    private static int Advance(char c) => c switch
    {
        >= ' ' and <= '~' => Ascii[c - ' '],
        '\u2212' or '\u00D7' => 1716,                        // minus sign, multiplication sign
        '\u207B' => 1081,                                    // superscript minus
        '\u00B9' or '\u00B2' or '\u00B3' or (>= '\u2070' and <= '\u2079') => 821, // superscript digits
        >= '\u2E80' => 2048,                                 // CJK and beyond: full em
        _ => 1303,                                           // other letters: a digit's width
    };
}
