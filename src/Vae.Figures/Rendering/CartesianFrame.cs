using Vae.Figures.Axes;
using Vae.Figures.Text;

namespace Vae.Figures.Rendering;

/// <summary>A plot area with its two axis scales: draws the grid, the frame, ticks and tick labels.</summary>
internal sealed class CartesianFrame
{
    public CartesianFrame(PixelRect plot, AxisTicks x, AxisTicks y)
    {
        Plot = plot;
        X = new AxisScale(x, plot.X, plot.Right);
        Y = new AxisScale(y, plot.Bottom, plot.Y);
    }

    public PixelRect Plot { get; }
    public AxisScale X { get; }
    public AxisScale Y { get; }

    /// <summary>Height of a line of text at <paramref name="size"/>: ascent plus descent.</summary>
    public static double LineHeight(double size) => (Style.Ascent + Style.Descent) * size;

    /// <summary>Vertical room that x tick marks and their labels take below the plot.</summary>
    public static double XTickBand => Style.TickLength + Style.TickGap + LineHeight(Style.TickLabelSize);

    /// <summary>Horizontal room that y tick marks and the widest label take left of the plot.</summary>
    public static double YTickBand(AxisTicks y) =>
        Style.TickLength + Style.TickGap + y.Labels.Select(l => TextMetrics.Width(l, Style.TickLabelSize)).DefaultIfEmpty(0).Max();

    /// <summary>Room for an axis title next to the tick band (none without a title).</summary>
    public static double AxisTitleBand(string? title) =>
        string.IsNullOrEmpty(title) ? 0 : Style.AxisTitleGap + LineHeight(Style.AxisTitleSize);

    /// <summary>Room above everything for a chart title (none without a title).</summary>
    public static double TitleBand(string? title) =>
        string.IsNullOrEmpty(title) ? 0 : LineHeight(Style.TitleSize) + 8;

    /// <summary>
    /// Lays out a single chart of the given size: title on top, axis titles and tick labels outside the
    /// plot, <paramref name="rightReserve"/> pixels kept free right of the plot (for a legend).
    /// </summary>
    public static CartesianFrame Layout(double width, double height, string? title, string? xLabel, string? yLabel,
        AxisSpec x, AxisSpec y, double rightReserve)
    {
        double top = Style.Pad + TitleBand(title) + Style.TickLabelSize / 2;
        double bottom = XTickBand + AxisTitleBand(xLabel) + Style.Pad;
        double plotHeight = height - top - bottom;
        Require(plotHeight, "height", height);
        var yTicks = y.Vertical(plotHeight);
        double left = Style.Pad + AxisTitleBand(yLabel) + YTickBand(yTicks);
        double right = Style.Pad + rightReserve;
        double plotWidth = width - left - right;
        Require(plotWidth, "width", width);
        var xTicks = x.Horizontal(plotWidth);
        // The end x labels are centred on the plot's edges: keep them a pad inside the picture.
        var (firstHalf, lastHalf) = EndLabelHalfWidths(xTicks);
        double grow = Math.Max(0, firstHalf + Style.Pad - left), shrink = Math.Max(0, lastHalf + Style.Pad - right);
        if (grow + shrink > 0)
        {
            left += grow;
            plotWidth -= grow + shrink;
            Require(plotWidth, "width", width);
            xTicks = x.Horizontal(plotWidth);
        }
        return new CartesianFrame(new PixelRect(left, top, plotWidth, plotHeight), xTicks, yTicks);
    }

    /// <summary>Half widths of the first and last x labels when those ticks sit on the axis ends (else 0).</summary>
    private static (double First, double Last) EndLabelHalfWidths(AxisTicks x)
    {
        if (x.Values.Count == 0) return (0, 0);
        double slack = 1e-9 * Math.Abs(x.Max - x.Min);
        return (x.Values[0] <= x.Min + slack ? TextMetrics.Width(x.Labels[0], Style.TickLabelSize) / 2 : 0,
                x.Values[^1] >= x.Max - slack ? TextMetrics.Width(x.Labels[^1], Style.TickLabelSize) / 2 : 0);
    }

    private static void Require(double plotExtent, string what, double size)
    {
        if (plotExtent < 40)
            throw new ArgumentException($"A chart {what} of {size} px leaves {plotExtent:0.#} px for the plot after titles, labels and legend; at least 40 px are needed.");
    }

    /// <summary>Light grid lines at every tick.</summary>
    public void DrawGrid(SvgBuilder svg)
    {
        svg.OpenGroup(("class", "grid"), ("stroke", Style.GridColor), ("stroke-width", SvgBuilder.Num(Style.GridWidth)));
        foreach (double v in X.Ticks.Values)
        {
            double px = X.Map(v);
            svg.Element("line", [("x1", SvgBuilder.Num(px)), ("y1", SvgBuilder.Num(Plot.Y)), ("x2", SvgBuilder.Num(px)), ("y2", SvgBuilder.Num(Plot.Bottom))]);
        }
        foreach (double v in Y.Ticks.Values)
        {
            double py = Y.Map(v);
            svg.Element("line", [("x1", SvgBuilder.Num(Plot.X)), ("y1", SvgBuilder.Num(py)), ("x2", SvgBuilder.Num(Plot.Right)), ("y2", SvgBuilder.Num(py))]);
        }
        svg.CloseGroup();
    }

    /// <summary>The plot frame, outward tick marks on the bottom and left, and (when asked) their labels.</summary>
    public void DrawAxes(SvgBuilder svg, bool xLabels, bool yLabels)
    {
        svg.Rect(Plot.X, Plot.Y, Plot.Width, Plot.Height, "none", Style.AxisColor, Style.AxisWidth, cls: "frame");
        svg.OpenGroup(("class", "ticks"), ("stroke", Style.AxisColor), ("stroke-width", SvgBuilder.Num(Style.AxisWidth)));
        foreach (double v in X.Ticks.Values)
        {
            double px = X.Map(v);
            svg.Element("line", [("x1", SvgBuilder.Num(px)), ("y1", SvgBuilder.Num(Plot.Bottom)), ("x2", SvgBuilder.Num(px)), ("y2", SvgBuilder.Num(Plot.Bottom + Style.TickLength))]);
        }
        foreach (double v in Y.Ticks.Values)
        {
            double py = Y.Map(v);
            svg.Element("line", [("x1", SvgBuilder.Num(Plot.X - Style.TickLength)), ("y1", SvgBuilder.Num(py)), ("x2", SvgBuilder.Num(Plot.X)), ("y2", SvgBuilder.Num(py))]);
        }
        svg.CloseGroup();
        if (xLabels)
        {
            double baseline = Plot.Bottom + Style.TickLength + Style.TickGap + Style.Ascent * Style.TickLabelSize;
            for (int i = 0; i < X.Ticks.Values.Count; i++)
                svg.Text(X.Map(X.Ticks.Values[i]), baseline, X.Ticks.Labels[i], Style.TickLabelSize, "middle", cls: "x-tick-label");
        }
        if (yLabels)
        {
            double right = Plot.X - Style.TickLength - Style.TickGap;
            for (int i = 0; i < Y.Ticks.Values.Count; i++)
                svg.Text(right, Y.Map(Y.Ticks.Values[i]) + Style.HalfDigitHeight * Style.TickLabelSize,
                    Y.Ticks.Labels[i], Style.TickLabelSize, "end", cls: "y-tick-label");
        }
    }

    /// <summary>An x axis title centred at <paramref name="centerX"/>, just below the tick labels under <paramref name="plotBottom"/>.</summary>
    public static void DrawXTitle(SvgBuilder svg, string? label, double centerX, double plotBottom, double pictureWidth)
    {
        if (string.IsNullOrEmpty(label)) return;
        var (x, size, text) = Fit(label, centerX, Style.AxisTitleSize, 0, pictureWidth, bold: false);
        double baseline = plotBottom + XTickBand + Style.AxisTitleGap + Style.Ascent * Style.AxisTitleSize;
        svg.Text(x, baseline, text, size, "middle", cls: "x-title");
    }

    /// <summary>
    /// A y axis title, rotated to read upwards, its glyph tops at <paramref name="left"/>, centred on and kept
    /// within the plot's height (from <paramref name="plotTop"/> to <paramref name="plotBottom"/>) so that it
    /// cannot run into the title.
    /// </summary>
    public static void DrawYTitle(SvgBuilder svg, string? label, double left, double plotTop, double plotBottom)
    {
        if (string.IsNullOrEmpty(label)) return;
        var (y, size, text) = Fit(label, (plotTop + plotBottom) / 2, Style.AxisTitleSize, plotTop - Style.Pad, plotBottom + Style.Pad, bold: false);
        svg.Text(left + Style.Ascent * Style.AxisTitleSize, y, text, size, "middle", rotate: -90, cls: "y-title");
    }

    /// <summary>A title centred at <paramref name="centerX"/>, its glyph tops at <paramref name="top"/>, kept a pad inside [<paramref name="left"/>, <paramref name="right"/>].</summary>
    public static void DrawTitle(SvgBuilder svg, string? title, double centerX, double top, double size, bool bold, string cls, double left, double right)
    {
        if (string.IsNullOrEmpty(title)) return;
        var (x, fitted, text) = Fit(title, centerX, size, left, right, bold);
        svg.Text(x, top + Style.Ascent * size, text, fitted, "middle", bold: bold, cls: cls);
    }

    /// <summary>
    /// Keeps a centred line of text a pad inside [<paramref name="low"/>, <paramref name="high"/>]: the font
    /// shrinks (to no less than <see cref="MinFontSize"/>) when the text is too long, text still too long is
    /// cut and ends in "…", then the centre moves inwards as needed.
    /// </summary>
    internal static (double Center, double Size, string Text) Fit(string text, double center, double size, double low, double high, bool bold)
    {
        double room = Math.Max(0, high - low - 2 * Style.Pad);
        double width = TextMetrics.Width(text, size, bold);
        if (width > room)
        {
            size = Math.Max(MinFontSize, size * room / width); // widths scale linearly with the font size
            width = TextMetrics.Width(text, size, bold);
        }
        if (width > room)
        {
            int keep = text.Length;
            while (keep > 0 && TextMetrics.Width(text[..keep] + Ellipsis, size, bold) > room) keep--;
            if (keep > 0 && char.IsHighSurrogate(text[keep - 1])) keep--;
            text = text[..keep].TrimEnd() + Ellipsis;
            width = TextMetrics.Width(text, size, bold);
        }
        double half = width / 2;
        double lowest = low + Style.Pad + half, highest = high - Style.Pad - half;
        return (lowest > highest ? (low + high) / 2 : Math.Clamp(center, lowest, highest), size, text);
    }

    /// <summary>Smallest font size a title shrinks to before it is cut.</summary>
    public const double MinFontSize = 8;

    private const string Ellipsis = "\u2026";
}
