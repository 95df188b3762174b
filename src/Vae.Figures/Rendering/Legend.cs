using Vae.Figures.Charts;
using Vae.Figures.Text;

namespace Vae.Figures.Rendering;

/// <summary>One legend row: a swatch (line and/or marker) in a colour, and a label.</summary>
internal sealed record LegendEntry(string Label, string Color, MarkerShape Marker, bool Line, string? Dash);

/// <summary>Measures, places and draws legends.</summary>
internal static class Legend
{
    private const double MarkerRadius = 4;

    /// <summary>Size of the legend box for <paramref name="entries"/>.</summary>
    public static (double Width, double Height) Measure(IReadOnlyList<LegendEntry> entries)
    {
        double text = entries.Select(e => TextMetrics.Width(e.Label, Style.LegendSize)).DefaultIfEmpty(0).Max();
        return (2 * Style.LegendPad + Style.LegendSwatch + Style.LegendGap + text,
                2 * Style.LegendPad + entries.Count * Style.LegendRow - (Style.LegendRow - Style.LegendSize * (Style.Ascent + Style.Descent)));
    }

    /// <summary>Room to keep right of the plot for an outside legend: the gap and the legend's width.</summary>
    public static double RightReserve(IReadOnlyList<LegendEntry> entries) => Style.LegendInset + Measure(entries).Width;

    /// <summary>The legend box inside <paramref name="plot"/> at a corner, inset from its edges.</summary>
    public static PixelRect Corner(PixelRect plot, LegendPlacement corner, IReadOnlyList<LegendEntry> entries)
    {
        var (w, h) = Measure(entries);
        bool left = corner is LegendPlacement.TopLeft or LegendPlacement.BottomLeft;
        bool top = corner is LegendPlacement.TopLeft or LegendPlacement.TopRight;
        return new PixelRect(left ? plot.X + Style.LegendInset : plot.Right - Style.LegendInset - w,
                             top ? plot.Y + Style.LegendInset : plot.Bottom - Style.LegendInset - h, w, h);
    }

    /// <summary>The legend box right of <paramref name="plot"/>, aligned with its top.</summary>
    public static PixelRect Outside(PixelRect plot, IReadOnlyList<LegendEntry> entries)
    {
        var (w, h) = Measure(entries);
        return new PixelRect(plot.Right + Style.LegendInset, plot.Y, w, h);
    }

    /// <summary>The inside corners in the order <see cref="LegendPlacement.Auto"/> tries them.</summary>
    public static readonly LegendPlacement[] AutoOrder =
        [LegendPlacement.TopRight, LegendPlacement.TopLeft, LegendPlacement.BottomRight, LegendPlacement.BottomLeft];

    /// <summary>Draws the legend in <paramref name="box"/>; a boxed legend gets a white, bordered background.</summary>
    public static void Draw(SvgBuilder svg, PixelRect box, IReadOnlyList<LegendEntry> entries, bool boxed)
    {
        svg.OpenGroup(("class", "legend"));
        if (boxed) svg.Rect(box.X, box.Y, box.Width, box.Height, Style.Background, Style.LegendBorder, 1, fillOpacity: "0.9");
        double rowTop = box.Y + Style.LegendPad;
        foreach (var entry in entries)
        {
            double middle = rowTop + Style.LegendSize * (Style.Ascent + Style.Descent) / 2;
            double x0 = box.X + Style.LegendPad, x1 = x0 + Style.LegendSwatch;
            svg.OpenGroup(("class", "legend-entry"));
            if (entry.Line)
                svg.Path("M" + SvgBuilder.Num(x0) + " " + SvgBuilder.Num(middle) + "H" + SvgBuilder.Num(x1), "none", entry.Color, Style.LineWidth, dash: entry.Dash);
            Markers.Draw(svg, entry.Marker, (x0 + x1) / 2, middle, MarkerRadius, entry.Color);
            svg.Text(x1 + Style.LegendGap, middle + Style.HalfDigitHeight * Style.LegendSize, entry.Label, Style.LegendSize);
            svg.CloseGroup();
            rowTop += Style.LegendRow;
        }
        svg.CloseGroup();
    }
}
