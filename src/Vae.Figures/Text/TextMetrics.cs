namespace Vae.Figures.Text;

/// <summary>
/// Estimates rendered text widths for layout without a font engine. The advance widths are those of
/// DejaVu Sans and DejaVu Sans Bold (units per em 2048, read from the fonts' <c>hmtx</c> tables), the widest
/// of the usual sans-serif fallbacks, so a layout made with these numbers also fits Helvetica or Arial.
/// </summary>
internal static class TextMetrics
{
    // Advance widths of U+0020..U+007E in DejaVu Sans (book), in 1/2048 em.
    private static readonly short[] Book =
    [
        651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690,
        1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087,
        2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612,
        1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024,
        1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253,
        1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
    ];

    // Advance widths of U+0020..U+007E in DejaVu Sans Bold, in 1/2048 em.
    private static readonly short[] Bold =
    [
        713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748,
        1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 819, 819, 1716, 1716, 1716, 1188,
        2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714, 1741,
        1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024,
        1024, 1382, 1466, 1214, 1466, 1389, 891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407,
        1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458, 1716,
    ];

    /// <summary>Estimated width in pixels of <paramref name="text"/> at <paramref name="fontSize"/> pixels.</summary>
    public static double Width(string text, double fontSize, bool bold = false)
    {
        var table = bold ? Bold : Book;
        double units = 0;
        foreach (char c in text) units += c is >= ' ' and <= '~' ? table[c - ' '] : Advance(c, bold);
        return units / 2048.0 * fontSize;
    }

    private static int Advance(char c, bool bold) => c switch
    {
        '\u2212' or '\u00D7' => 1716,                                                            // minus sign, multiplication sign
        '\u207B' => 1081,                                                                        // superscript minus
        '\u2026' => 2048,                                                                        // ellipsis
        '\u00B9' or '\u00B2' or '\u00B3' or (>= '\u2070' and <= '\u2079') => bold ? 897 : 821,    // superscript digits
        >= '\u2E80' => 2048,                                                                     // CJK and beyond: a full em
        _ => bold ? 1425 : 1303,                                                                 // other letters: a digit's width
    };
}
