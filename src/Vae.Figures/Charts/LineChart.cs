using Vae.Core.Serialization;
using Vae.Figures.Rendering;

namespace Vae.Figures.Charts;

/// <summary>
/// A line chart of one or more <see cref="Series"/> (e.g. training and validation loss per epoch) rendered
/// to a fixed-size SVG: nice ticks, grid, axis titles, a title and a legend. Immutable; set options with
/// object initialisers (<c>new LineChart(series) { Title = "ELBO", LogY = true }</c>; F#:
/// <c>LineChart(series, Title = "ELBO", LogY = true)</c>) or <c>with</c>.
/// </summary>
/// <param name="Series">The lines, drawn and listed in the legend in this order.</param>
public sealed record LineChart(IReadOnlyList<Series> Series)
{
    private const double MarkerRadius = 3.5;

    /// <summary>Chart title above the plot; none when null or empty.</summary>
    public string? Title { get; init; }

    /// <summary>Horizontal axis title; none when null or empty.</summary>
    public string? XLabel { get; init; }

    /// <summary>Vertical axis title; none when null or empty.</summary>
    public string? YLabel { get; init; }

    /// <summary>Picture width in pixels (default 640).</summary>
    public double Width { get; init; } = 640;

    /// <summary>Picture height in pixels (default 400).</summary>
    public double Height { get; init; } = 400;

    /// <summary>Whether the vertical axis is base-10 logarithmic; values ≤ 0 are then not drawn.</summary>
    public bool LogY { get; init; }

    /// <summary>Fixed horizontal extent; null (the default) fits the data with nice ticks.</summary>
    public AxisRange? XRange { get; init; }

    /// <summary>Fixed vertical extent; null (the default) fits the data with nice ticks. Lines leaving it are clipped.</summary>
    public AxisRange? YRange { get; init; }

    /// <summary>Legend position (default <see cref="LegendPlacement.Auto"/>).</summary>
    public LegendPlacement Legend { get; init; } = LegendPlacement.Auto;

    /// <summary>Colours for series without their own, by index (default <see cref="Charts.Palette.Tableau10"/>).</summary>
    public IReadOnlyList<string> Palette { get; init; } = Charts.Palette.Tableau10;

    /// <summary>Renders the chart as a standalone SVG document (UTF-8 text; the same chart gives the same string).</summary>
    /// <exception cref="ArgumentException">An option or a series is invalid (named in the message).</exception>
    public string ToSvg()
    {
        var colors = Validate();
        var xData = new Extent(false);
        var yData = new Extent(LogY);
        foreach (var s in Series)
            for (int i = 0; i < s.X.Count; i++)
                if (xData.Usable(s.X[i]) && yData.Usable(s.Y[i]))
                {
                    xData.Add(s.X[i]);
                    yData.Add(s.Y[i]);
                }
        var x = new AxisSpec(xData, false, XRange);
        var y = new AxisSpec(yData, LogY, YRange);
        var entries = Series.Select((s, i) => new LegendEntry(s.Name, colors[i], s.Marker, true, Dash(s))).ToList();
        var placed = LegendLayout.Place(Legend, entries, Height,
            reserve => CartesianFrame.Layout(Width, Height, Title, XLabel, YLabel, x, y, reserve), Overlaps);
        var frame = placed.Frame;
        var plot = frame.Plot;

        var svg = new SvgBuilder(Width, Height, Title);
        frame.DrawGrid(svg);
        string lineClip = svg.ClipRect(plot), markerClip = svg.ClipRect(plot.Inflate(MarkerRadius + 1));
        for (int k = 0; k < Series.Count; k++)
        {
            var s = Series[k];
            svg.OpenGroup(("class", "series"));
            string path = PathData(frame, s);
            if (path.Length > 0)
                svg.Element("path", [("class", "line"), ("d", path), ("fill", "none"), ("stroke", colors[k]),
                    ("stroke-width", SvgBuilder.Num(Style.LineWidth)), ("stroke-dasharray", Dash(s)),
                    ("stroke-linejoin", "round"), ("stroke-linecap", "round"), ("clip-path", "url(#" + lineClip + ")")]);
            if (s.Marker != MarkerShape.None)
            {
                svg.OpenGroup(("class", "markers"), ("fill", colors[k]), ("clip-path", "url(#" + markerClip + ")"));
                foreach (var (px, py) in Points(frame, s)) Markers.Draw(svg, s.Marker, px, py, MarkerRadius);
                svg.CloseGroup();
            }
            svg.CloseGroup();
        }
        frame.DrawAxes(svg, xLabels: true, yLabels: true);
        CartesianFrame.DrawTitle(svg, Title, plot.CenterX, Style.Pad, Style.TitleSize, bold: true, "title", 0, Width);
        CartesianFrame.DrawXTitle(svg, XLabel, plot.CenterX, plot.Bottom, Width);
        CartesianFrame.DrawYTitle(svg, YLabel, Style.Pad, plot.Y, plot.Bottom);
        if (placed.LegendBox is { } box) Rendering.Legend.Draw(svg, box, entries, placed.Boxed);
        return svg.Finish();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically (temporary file in the same folder, flushed, renamed).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    private static string? Dash(Series s) => s.Dashed ? "6 4" : null;

    private string[] Validate()
    {
        const string chart = nameof(LineChart);
        ChartChecks.NotNull(chart, nameof(Series), Series);
        ChartChecks.Size(chart, nameof(Width), Width, 1);
        ChartChecks.Size(chart, nameof(Height), Height, 1);
        int fromPalette = 0;
        for (int k = 0; k < Series.Count; k++)
        {
            var s = Series[k] ?? throw new ArgumentException($"{chart}.Series[{k}] is null.");
            ChartChecks.NotNull(chart, $"Series[{k}].Name", s.Name);
            ChartChecks.NotNull(chart, $"Series[{k}].X", s.X);
            ChartChecks.NotNull(chart, $"Series[{k}].Y", s.Y);
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"{chart}.Series[{k}] (\"{s.Name}\") has {s.X.Count} X values but {s.Y.Count} Y values.");
            if (!Enum.IsDefined(s.Marker)) throw new ArgumentException($"{chart}.Series[{k}].Marker {s.Marker} is not a MarkerShape.");
            if (s.Color is null) fromPalette = k + 1;
        }
        ChartChecks.Palette(chart, Palette, fromPalette);
        return Series.Select((s, k) => s.Color ?? Palette[k]).ToArray();
    }

    /// <summary>Pixel positions of the drawable points of <paramref name="s"/>, null where a point breaks the line.</summary>
    private IEnumerable<(double X, double Y)?> Trace(CartesianFrame frame, Series s)
    {
        for (int i = 0; i < s.X.Count; i++)
        {
            double x = s.X[i], y = s.Y[i];
            bool ok = double.IsFinite(x) && double.IsFinite(y) && (!LogY || y > 0);
            yield return ok ? (frame.X.Map(x), frame.Y.Map(y)) : null;
        }
    }

    private IEnumerable<(double X, double Y)> Points(CartesianFrame frame, Series s) =>
        Trace(frame, s).Where(p => p.HasValue).Select(p => p!.Value);

    /// <summary>"M x y L x y ..." with a new subpath after every break; empty when no two consecutive points are drawable.</summary>
    private string PathData(CartesianFrame frame, Series s)
    {
        var sb = new System.Text.StringBuilder();
        (double X, double Y)? previous = null;
        bool pendingMove = false;
        foreach (var p in Trace(frame, s))
        {
            if (p is not { } point)
            {
                previous = null;
                continue;
            }
            if (previous is { } from)
            {
                if (pendingMove) sb.Append('M').Append(SvgBuilder.Num(from.X)).Append(' ').Append(SvgBuilder.Num(from.Y));
                sb.Append('L').Append(SvgBuilder.Num(point.X)).Append(' ').Append(SvgBuilder.Num(point.Y));
                pendingMove = false;
            }
            else pendingMove = true;
            previous = point;
        }
        return sb.ToString();
    }

    /// <summary>Whether any drawn line segment or marker of any series would touch <paramref name="box"/>.</summary>
    private bool Overlaps(CartesianFrame frame, PixelRect box)
    {
        var markerBox = box.Inflate(MarkerRadius);
        foreach (var s in Series)
        {
            (double X, double Y)? previous = null;
            foreach (var p in Trace(frame, s))
            {
                if (p is { } point)
                {
                    if (previous is { } from && box.Intersects(from.X, from.Y, point.X, point.Y)) return true;
                    if (box.Contains(point.X, point.Y) || (s.Marker != MarkerShape.None && markerBox.Contains(point.X, point.Y))) return true;
                }
                previous = p;
            }
        }
        return false;
    }
}
