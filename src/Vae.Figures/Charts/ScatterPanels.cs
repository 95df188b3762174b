using Vae.Figures.Axes;
using Vae.Core.Serialization;
using Vae.Figures.Rendering;
using Vae.Figures.Text;

namespace Vae.Figures.Charts;

/// <summary>
/// Small multiples: several <see cref="ScatterChart"/> panels side by side (wrapping after
/// <see cref="Columns"/>) in one SVG, on shared axes that cover every panel's data, with one legend, e.g.
/// the latent space after each training epoch. Each panel contributes its points, point style and
/// <see cref="ScatterChart.Title"/> (shown above it); its size, axis titles, ranges and legend setting are
/// not used. All panels must have the same class names and class colours. Tick labels appear on the left
/// column and under the lowest panel of each column.
/// </summary>
/// <param name="Panels">The panels, laid out row by row.</param>
public sealed record ScatterPanels(IReadOnlyList<ScatterChart> Panels)
{
    /// <summary>Least horizontal gap between panels; more when x tick labels at neighbouring edges need it.</summary>
    private const double MinGapX = 14;

    /// <summary>Title above all panels; none when null or empty.</summary>
    public string? Title { get; init; }

    /// <summary>Shared horizontal axis title, centred under the panels; none when null or empty.</summary>
    public string? XLabel { get; init; }

    /// <summary>Shared vertical axis title, left of the panels; none when null or empty.</summary>
    public string? YLabel { get; init; }

    /// <summary>Panels per row; 0 (the default) puts all panels in one row.</summary>
    public int Columns { get; init; }

    /// <summary>Width of each panel's plot area in pixels (default 220); the picture size follows from it.</summary>
    public double PanelWidth { get; init; } = 220;

    /// <summary>Height of each panel's plot area in pixels (default 220).</summary>
    public double PanelHeight { get; init; } = 220;

    /// <summary>Fixed shared horizontal extent; null (the default) fits all panels' data.</summary>
    public AxisRange? XRange { get; init; }

    /// <summary>Fixed shared vertical extent; null (the default) fits all panels' data.</summary>
    public AxisRange? YRange { get; init; }

    /// <summary>
    /// <see cref="LegendPlacement.None"/> for no legend; any other value puts one legend right of the panels
    /// (a single legend inside one panel would mislabel the others).
    /// </summary>
    public LegendPlacement Legend { get; init; } = LegendPlacement.Right;

    /// <summary>Renders the panels as one standalone SVG document (the same input gives the same string).</summary>
    /// <exception cref="ArgumentException">A panel or an option is invalid, or the panels' classes differ.</exception>
    public string ToSvg()
    {
        Validate();
        int n = Panels.Count;
        int columns = Columns == 0 ? n : Math.Min(Columns, n);
        int rows = (n + columns - 1) / columns;
        var xData = new Extent(false);
        var yData = new Extent(false);
        foreach (var p in Panels)
            for (int i = 0; i < p.X.Count; i++)
                if (double.IsFinite(p.X[i]) && double.IsFinite(p.Y[i]))
                {
                    xData.Add(p.X[i]);
                    yData.Add(p.Y[i]);
                }
        AxisTicks xTicks = new AxisSpec(xData, false, XRange).Horizontal(PanelWidth);
        AxisTicks yTicks = new AxisSpec(yData, false, YRange).Vertical(PanelHeight);

        // The last x label of one panel and the first of the next are centred on edges one gap apart.
        double gapX = xTicks.Labels.Count == 0 ? MinGapX : Math.Max(MinGapX,
            (TextMetrics.Width(xTicks.Labels[0], Style.TickLabelSize) + TextMetrics.Width(xTicks.Labels[^1], Style.TickLabelSize)) / 2 + 10);
        bool panelTitles = Panels.Any(p => !string.IsNullOrEmpty(p.Title));
        double panelTitleBand = panelTitles ? CartesianFrame.LineHeight(Style.PanelTitleSize) + 4 : Style.TickLabelSize / 2;
        double gapY = CartesianFrame.XTickBand + 6;
        double left = Style.Pad + CartesianFrame.AxisTitleBand(YLabel) + CartesianFrame.YTickBand(yTicks);
        double top = Style.Pad + CartesianFrame.TitleBand(Title);
        double gridWidth = columns * PanelWidth + (columns - 1) * gapX;
        double gridHeight = rows * (panelTitleBand + PanelHeight) + (rows - 1) * gapY;
        var entries = Legend == LegendPlacement.None ? [] : Panels[0].LegendEntries();
        double lastLabel = xTicks.Labels.Count > 0 ? TextMetrics.Width(xTicks.Labels[^1], Style.TickLabelSize) / 2 : 0;
        double right = entries.Count > 0 ? Rendering.Legend.RightReserve(entries) : lastLabel;
        double width = left + gridWidth + right + Style.Pad;
        double height = top + gridHeight + CartesianFrame.XTickBand + CartesianFrame.AxisTitleBand(XLabel) + Style.Pad;
        if (entries.Count > 0) height = Math.Max(height, top + panelTitleBand + Rendering.Legend.Measure(entries).Height + Style.Pad);

        var svg = new SvgBuilder(width, height, Title);
        PixelRect first = default, last = default;
        for (int k = 0; k < n; k++)
        {
            int row = k / columns, column = k % columns;
            var plot = new PixelRect(left + column * (PanelWidth + gapX),
                top + row * (panelTitleBand + PanelHeight + gapY) + panelTitleBand, PanelWidth, PanelHeight);
            if (k == 0) first = plot;
            last = plot;
            var frame = new CartesianFrame(plot, xTicks, yTicks);
            var panel = Panels[k];
            svg.OpenGroup(("class", "panel"));
            frame.DrawGrid(svg);
            panel.DrawPoints(svg, frame, svg.ClipRect(plot.Inflate(panel.PointRadius + 1)));
            frame.DrawAxes(svg, xLabels: k + columns >= n, yLabels: column == 0);
            CartesianFrame.DrawTitle(svg, panel.Title, plot.CenterX, plot.Y - panelTitleBand, Style.PanelTitleSize, bold: false, "panel-title", plot.X - Style.Pad, plot.Right + Style.Pad);
            svg.CloseGroup();
        }
        double gridLeft = first.X, gridRight = first.X + gridWidth, gridTop = first.Y, gridBottom = last.Bottom;
        CartesianFrame.DrawTitle(svg, Title, (gridLeft + gridRight) / 2, Style.Pad, Style.TitleSize, bold: true, "title", 0, width);
        CartesianFrame.DrawXTitle(svg, XLabel, (gridLeft + gridRight) / 2, gridBottom, width);
        CartesianFrame.DrawYTitle(svg, YLabel, Style.Pad, gridTop, gridBottom);
        if (entries.Count > 0)
        {
            var (w, h) = Rendering.Legend.Measure(entries);
            Rendering.Legend.Draw(svg, new PixelRect(gridRight + Style.LegendInset, gridTop, w, h), entries, boxed: false);
        }
        return svg.Finish();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically (temporary file in the same folder, flushed, renamed).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private void Validate()
    {
        const string strip = nameof(ScatterPanels);
        ChartChecks.NotNull(strip, nameof(Panels), Panels);
        if (Panels.Count == 0) throw new ArgumentException($"{strip} needs at least one panel.");
        if (Columns < 0) throw new ArgumentException($"{strip}.Columns must be ≥ 0 (0: one row); got {Columns}.");
        ChartChecks.Size(strip, nameof(PanelWidth), PanelWidth, 40);
        ChartChecks.Size(strip, nameof(PanelHeight), PanelHeight, 40);
        if (!Enum.IsDefined(Legend)) throw new ArgumentException($"{strip}.Legend {Legend} is not a LegendPlacement.");
        for (int k = 0; k < Panels.Count; k++)
        {
            var panel = Panels[k] ?? throw new ArgumentException($"{strip}.Panels[{k}] is null.");
            panel.Validate($"{strip}.Panels[{k}]");
        }
        var reference = Panels[0];
        for (int k = 1; k < Panels.Count; k++)
        {
            var panel = Panels[k];
            if (!panel.ClassNames.SequenceEqual(reference.ClassNames))
                throw new ArgumentException($"{strip}.Panels[{k}] has class names [{string.Join(", ", panel.ClassNames)}] but Panels[0] has [{string.Join(", ", reference.ClassNames)}]; one legend needs the same classes.");
            if (!panel.Palette.Take(panel.ClassNames.Count).SequenceEqual(reference.Palette.Take(reference.ClassNames.Count)))
                throw new ArgumentException($"{strip}.Panels[{k}] colours its classes differently from Panels[0]; one legend needs the same colours.");
        }
    }
}
