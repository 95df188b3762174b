using System.Numerics;
using Vae.Core.Tensors;
using Vae.Core.Serialization;
using Vae.Figures.Rendering;

namespace Vae.Figures.Charts;

/// <summary>
/// A scatter chart of points coloured by integer class (e.g. a 2-D latent space coloured by digit),
/// rendered to a fixed-size SVG with nice ticks, axis titles, a title and a legend of class names.
/// Points with a non-finite coordinate are not drawn; the others are drawn in input order. Immutable; set
/// options with object initialisers or <c>with</c> (F#: <c>ScatterChart(z, labels, names, Title = "epoch 5")</c>).
/// </summary>
/// <param name="X">Horizontal coordinates.</param>
/// <param name="Y">Vertical coordinates, as many as <paramref name="X"/>.</param>
/// <param name="Classes">Class of each point, in <c>[0, ClassNames.Count)</c>; it picks the colour <c>Palette[class]</c>.</param>
/// <param name="ClassNames">Legend label of each class.</param>
public sealed record ScatterChart(IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<int> Classes, IReadOnlyList<string> ClassNames)
{
    /// <summary>Points from the first two columns of a <c>[n, d]</c> tensor (d ≥ 2), e.g. latent means.</summary>
    /// <exception cref="ArgumentException"><paramref name="points"/> is not rank 2 with at least two columns.</exception>
    public ScatterChart(Tensor<float> points, IReadOnlyList<int> classes, IReadOnlyList<string> classNames)
        : this(Column(points, 0), Column(points, 1), classes, classNames) { }

    /// <summary>Points from the first two columns of a <c>[n, d]</c> tensor (d ≥ 2), e.g. latent means.</summary>
    /// <exception cref="ArgumentException"><paramref name="points"/> is not rank 2 with at least two columns.</exception>
    public ScatterChart(Tensor<double> points, IReadOnlyList<int> classes, IReadOnlyList<string> classNames)
        : this(Column(points, 0), Column(points, 1), classes, classNames) { }

    /// <summary>Chart title above the plot (a panel title inside <see cref="ScatterPanels"/>); none when null or empty.</summary>
    public string? Title { get; init; }

    /// <summary>Horizontal axis title; none when null or empty.</summary>
    public string? XLabel { get; init; }

    /// <summary>Vertical axis title; none when null or empty.</summary>
    public string? YLabel { get; init; }

    /// <summary>Picture width in pixels (default 560).</summary>
    public double Width { get; init; } = 560;

    /// <summary>Picture height in pixels (default 460).</summary>
    public double Height { get; init; } = 460;

    /// <summary>Radius of each point in pixels (default 2.5).</summary>
    public double PointRadius { get; init; } = 2.5;

    /// <summary>Fill opacity of each point in (0, 1] (default 0.75), so that dense regions show.</summary>
    public double Opacity { get; init; } = 0.75;

    /// <summary>Fixed horizontal extent; null (the default) fits the data with nice ticks.</summary>
    public AxisRange? XRange { get; init; }

    /// <summary>Fixed vertical extent; null (the default) fits the data with nice ticks.</summary>
    public AxisRange? YRange { get; init; }

    /// <summary>Legend position (default <see cref="LegendPlacement.Auto"/>).</summary>
    public LegendPlacement Legend { get; init; } = LegendPlacement.Auto;

    /// <summary>Class colours, by class index (default <see cref="Charts.Palette.Tableau10"/>: up to ten classes).</summary>
    public IReadOnlyList<string> Palette { get; init; } = Charts.Palette.Tableau10;

    /// <summary>Renders the chart as a standalone SVG document (the same chart gives the same string).</summary>
    /// <exception cref="ArgumentException">An option or the data is invalid (named in the message).</exception>
    public string ToSvg()
    {
        Validate(nameof(ScatterChart));
        ChartChecks.Size(nameof(ScatterChart), nameof(Width), Width, 1);
        ChartChecks.Size(nameof(ScatterChart), nameof(Height), Height, 1);
        var x = new AxisSpec(Extent(X), false, XRange);
        var y = new AxisSpec(Extent(Y), false, YRange);
        var entries = LegendEntries();
        var placed = LegendLayout.Place(Legend, entries, Height,
            reserve => CartesianFrame.Layout(Width, Height, Title, XLabel, YLabel, x, y, reserve), Overlaps);
        var frame = placed.Frame;
        var plot = frame.Plot;

        var svg = new SvgBuilder(Width, Height, Title);
        frame.DrawGrid(svg);
        DrawPoints(svg, frame, svg.ClipRect(plot.Inflate(PointRadius + 1)));
        frame.DrawAxes(svg, xLabels: true, yLabels: true);
        CartesianFrame.DrawTitle(svg, Title, plot.CenterX, Style.Pad, Style.TitleSize, bold: true, "title", 0, Width);
        CartesianFrame.DrawXTitle(svg, XLabel, plot.CenterX, plot.Bottom, Width);
        CartesianFrame.DrawYTitle(svg, YLabel, Style.Pad, plot.Y, plot.Bottom);
        if (placed.LegendBox is { } box) Rendering.Legend.Draw(svg, box, entries, placed.Boxed);
        return svg.Finish();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> atomically (temporary file in the same folder, flushed, renamed).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToSvg());

    /// <summary>Checks the data and the point style; <paramref name="where"/> names the chart in messages.</summary>
    internal void Validate(string where)
    {
        ChartChecks.NotNull(where, nameof(X), X);
        ChartChecks.NotNull(where, nameof(Y), Y);
        ChartChecks.NotNull(where, nameof(Classes), Classes);
        ChartChecks.NotNull(where, nameof(ClassNames), ClassNames);
        if (X.Count != Y.Count || X.Count != Classes.Count)
            throw new ArgumentException($"{where} has {X.Count} X values, {Y.Count} Y values and {Classes.Count} classes; they must be equally many.");
        for (int i = 0; i < ClassNames.Count; i++)
            if (ClassNames[i] is null) throw new ArgumentException($"{where}.ClassNames[{i}] is null.");
        for (int i = 0; i < Classes.Count; i++)
            if ((uint)Classes[i] >= (uint)ClassNames.Count)
                throw new ArgumentException($"{where}.Classes[{i}] = {Classes[i]} is outside [0, {ClassNames.Count}) (one class per name in ClassNames).");
        ChartChecks.Size(where, nameof(PointRadius), PointRadius, double.Epsilon);
        if (!(Opacity > 0 && Opacity <= 1)) throw new ArgumentException($"{where}.Opacity must lie in (0, 1]; got {Opacity}.");
        ChartChecks.Palette(where, Palette, ClassNames.Count);
    }

    /// <summary>The finite extent of a coordinate list.</summary>
    internal static Extent Extent(IReadOnlyList<double> values)
    {
        var extent = new Extent(false);
        foreach (double v in values) extent.Add(v);
        return extent;
    }

    /// <summary>One legend row per class name, coloured from the palette.</summary>
    internal List<LegendEntry> LegendEntries() =>
        ClassNames.Select((name, c) => new LegendEntry(name, Palette[c], MarkerShape.Circle, false, null)).ToList();

    /// <summary>Draws every drawable point into <paramref name="frame"/>, clipped by <paramref name="clipId"/>.</summary>
    internal void DrawPoints(SvgBuilder svg, CartesianFrame frame, string clipId)
    {
        svg.OpenGroup(("class", "points"), ("fill-opacity", SvgBuilder.Num(Opacity)), ("clip-path", "url(#" + clipId + ")"));
        for (int i = 0; i < X.Count; i++)
            if (double.IsFinite(X[i]) && double.IsFinite(Y[i]))
                svg.Circle(frame.X.Map(X[i]), frame.Y.Map(Y[i]), PointRadius, Palette[Classes[i]]);
        svg.CloseGroup();
    }

    /// <summary>Whether a drawn point would touch <paramref name="box"/>.</summary>
    internal bool Overlaps(CartesianFrame frame, PixelRect box)
    {
        var grown = box.Inflate(PointRadius);
        for (int i = 0; i < X.Count; i++)
            if (double.IsFinite(X[i]) && double.IsFinite(Y[i]) && grown.Contains(frame.X.Map(X[i]), frame.Y.Map(Y[i])))
                return true;
        return false;
    }

    private static double[] Column<T>(Tensor<T> points, int column) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Shape.Rank != 2 || points.Shape[1] < 2)
            throw new ArgumentException($"Scatter points must be a [n, d] tensor with d ≥ 2; got shape {points.Shape}.", nameof(points));
        int n = points.Shape[0], d = points.Shape[1];
        var span = points.ReadOnlySpan;
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = double.CreateTruncating(span[i * d + column]);
        return values;
    }
}
