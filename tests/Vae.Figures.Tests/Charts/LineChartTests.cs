using Vae.Figures.Charts;
using Vae.Core.Serialization;

namespace Vae.Figures.Tests.Charts;

public class LineChartTests
{
    private static readonly double[] Epochs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    private static LineChart Losses() => new LineChart(
    [
        new Series("train", Epochs, [190, 150, 130, 118, 111, 106, 103, 101, 99.5, 98.7]) { Marker = MarkerShape.Circle },
        new Series("validation", Epochs, [195, 158, 139, 127, 121, 117, 115, 114, 113.5, 113.2]) { Dashed = true },
        new Series("test", Epochs, [196, 159, 140, 128, 122, 118, 116, 115, 114.5, 114.2]) { Marker = MarkerShape.Square },
    ])
    { Title = "Loss", XLabel = "epoch", YLabel = "−ELBO (nats)" };

    [Fact]
    public void IsWellFormedWithOneGroupPathAndLegendEntryPerSeries()
    {
        var doc = new SvgDoc(Losses().ToSvg());
        Assert.Equal((640, 400), (doc.Width, doc.Height));
        doc.AssertReferencesResolve();
        Assert.Equal(3, doc.ByClass("series").Count());
        Assert.Equal(3, doc.ByClass("line").Count());
        Assert.Equal(3, doc.ByClass("legend-entry").Count());
        Assert.Equal(["train", "validation", "test"], doc.ByClass("legend-entry").Select(e => e.Element(SvgDoc.Ns + "text")!.Value));
        var markers = doc.ByClass("markers").ToArray();
        Assert.Equal(2, markers.Length);                                 // "validation" has none
        Assert.Equal(10, markers[0].Elements(SvgDoc.Ns + "circle").Count());
        Assert.Equal(10, markers[1].Elements(SvgDoc.Ns + "rect").Count());
        Assert.Equal("6 4", (string?)doc.ByClass("line").ElementAt(1).Attribute("stroke-dasharray"));
        Assert.Equal(["Loss"], doc.Texts("title"));
        Assert.Equal(["epoch"], doc.Texts("x-title"));
        Assert.Equal(["−ELBO (nats)"], doc.Texts("y-title"));
    }

    /// <summary>
    /// Layout of the 640×400 chart (DejaVu advances, 1303/2048 em per digit): left margin = pad 10 + y title
    /// 6 + 13 + tick band 5 + 3 + width("200" at 11 px) 21 = 58; right margin (legend inside) = the larger of
    /// pad 10 and half of "10" (7.0) + a pad = 17; plot width 640 − 58 − 17 = 565, so at most
    /// floor(565 / 70) + 1 = 9 x ticks. For x [1, 10] (range nicenum(9, false) = 10):
    /// targets 2–5 give steps nicenum(10/(t−1), true) = 10, 5, 5, 2 (coverage 0.9 at best), targets 6–7 give
    /// step 2 → 0..10 (6 ticks, coverage 9/10), targets ≥ 8 give step 1 → 1..10, 10 ticks, over the cap; so
    /// 0, 2, ..., 10. Top = pad 10 + title 24 + 5.5, bottom = 19 + 19 + 10: plot height 312.5, at most
    /// floor(312.5 / 50) + 1 = 7 y ticks. For y [98.7, 196] (range 100): step 20 → 80..200 (7 ticks, coverage
    /// 97.3/120 = 0.81); step 10 → 90..200 has 12, step 50 → 50..200 covers 0.65; so 80, 100, ..., 200.
    /// </summary>
    [Fact]
    public void TickLabelsAreTheNiceNumbersOfTheDataRange()
    {
        var doc = new SvgDoc(Losses().ToSvg());
        var frame = doc.Frames().Single();
        Assert.Equal(58, frame.X, 1);
        Assert.Equal(39.5, frame.Y, 1);
        Assert.Equal(565, frame.W, 1);
        Assert.Equal(312.5, frame.H, 1);
        Assert.Equal(["0", "2", "4", "6", "8", "10"], doc.Texts("x-tick-label"));
        Assert.Equal(["80", "100", "120", "140", "160", "180", "200"], doc.Texts("y-tick-label"));
    }

    [Fact]
    public void SeriesColoursComeFromThePaletteUnlessGiven()
    {
        var chart = Losses() with { Series = [.. Losses().Series.Take(2), Losses().Series[2] with { Color = "#123456" }] };
        var strokes = new SvgDoc(chart.ToSvg()).ByClass("line").Select(e => (string?)e.Attribute("stroke"));
        Assert.Equal([Palette.Tableau10[0], Palette.Tableau10[1], "#123456"], strokes);
    }

    /// <summary>Points with NaN or ±∞ break the line: [1, 2, NaN, 4, 5, ∞, 7] draws the subpaths 1–2 and 4–5; 7 is alone and has no segment.</summary>
    [Fact]
    public void NonFiniteValuesBreakTheLine()
    {
        var chart = new LineChart([new Series("s", [1, 2, 3, 4, 5, 6, 7], [1, 2, double.NaN, 4, 5, double.PositiveInfinity, 7])]);
        var d = (string)new SvgDoc(chart.ToSvg()).ByClass("line").Single().Attribute("d")!;
        var subpaths = SvgDoc.Subpaths(d);
        Assert.Equal([2, 2], subpaths.Select(p => p.Count));
    }

    /// <summary>On a log axis y ≤ 0 cannot be drawn: [0.5, −1, 5, 50] keeps 0.5 and 5–50 as a segment; ticks span 0.5 to 50 with the 1-2-5 ladder.</summary>
    [Fact]
    public void LogScaleDropsNonPositiveValues()
    {
        var chart = new LineChart([new Series("s", [1, 2, 3, 4], [0.5, -1, 5, 50]) { Marker = MarkerShape.Diamond }]) { LogY = true };
        var doc = new SvgDoc(chart.ToSvg());
        Assert.Equal([2], SvgDoc.Subpaths((string)doc.ByClass("line").Single().Attribute("d")!).Select(p => p.Count));
        Assert.Equal(3, doc.ByClass("markers").Single().Elements().Count());
        Assert.Equal(["0.5", "1", "2", "5", "10", "20", "50"], doc.Texts("y-tick-label"));
    }

    [Fact]
    public void RendersAreByteIdentical()
    {
        Assert.Equal(Losses().ToSvg(), Losses().ToSvg());
        var withUserRange = Losses() with { YRange = new AxisRange(90, 200), Legend = LegendPlacement.Right };
        Assert.Equal(withUserRange.ToSvg(), withUserRange.ToSvg());
    }

    /// <summary>A current culture with a decimal comma and another minus sign changes nothing: numbers are written invariantly.</summary>
    [Fact]
    public void OutputIgnoresTheCurrentCulture()
    {
        string invariant = Losses().ToSvg();
        var odd = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NumberDecimalSeparator = ",";
        odd.NumberFormat.NumberGroupSeparator = ".";
        odd.NumberFormat.NegativeSign = "~";
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = odd;
            Assert.Equal(invariant, Losses().ToSvg());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void TextIsEscapedAndParsesBack()
    {
        const string title = "<β & \"γ\"> 'δ'";
        var chart = new LineChart([new Series("a<b & c", [0, 1], [0, 1])]) { Title = title, XLabel = "x & y" };
        var svg = chart.ToSvg();
        Assert.Contains("&lt;β &amp; &quot;γ&quot;&gt; &apos;δ&apos;", svg);
        var doc = new SvgDoc(svg);
        Assert.Equal([title], doc.Texts("title"));
        Assert.Equal(title, doc.All("title").Single().Value);       // the accessible <title> element
        Assert.Equal(["x & y"], doc.Texts("x-title"));
        Assert.Equal("a<b & c", doc.ByClass("legend-entry").Single().Value);
    }

    /// <summary>
    /// A rising diagonal meets the top-right and bottom-left corners, so Auto takes the top left; a chart
    /// filled with a zigzag touching every corner sends the legend outside to the right.
    /// </summary>
    [Fact]
    public void AutoLegendAvoidsTheData()
    {
        var diagonal = new SvgDoc(new LineChart([new Series("rising", [0, 100], [0, 100])]).ToSvg());
        var frame = diagonal.Frames().Single();
        var box = LegendBox(diagonal);
        Assert.True(box.X < frame.X + frame.W / 2 && box.Y < frame.Y + frame.H / 2, "legend expected in the top-left corner");

        double[] xs = Enumerable.Range(0, 41).Select(i => i * 2.5).ToArray();
        double[] ys = xs.Select((_, i) => i % 2 == 0 ? 0.0 : 100.0).ToArray();
        var zigzag = new SvgDoc(new LineChart([new Series("zigzag", xs, ys)]).ToSvg());
        var plot = zigzag.Frames().Single();
        var legendText = zigzag.ByClass("legend-entry").Single().Element(SvgDoc.Ns + "text")!;
        Assert.True(SvgDoc.Number(legendText, "x") > plot.X + plot.W, "legend expected right of the plot");
        Assert.Empty(zigzag.ByClass("legend").Single().Elements(SvgDoc.Ns + "rect")); // no box outside
    }

    [Fact]
    public void AChosenCornerIsHonoured()
    {
        var doc = new SvgDoc((Losses() with { Legend = LegendPlacement.BottomLeft }).ToSvg());
        var frame = doc.Frames().Single();
        var box = LegendBox(doc);
        Assert.Equal(frame.X + 8, box.X, 2);
        Assert.Equal(frame.Y + frame.H - 8, box.Y + box.H, 2);
        Assert.Empty(new SvgDoc((Losses() with { Legend = LegendPlacement.None }).ToSvg()).ByClass("legend"));
    }

    /// <summary>Axis labels, ticks and titles stay inside the picture, and neighbouring x tick labels keep clear of each other.</summary>
    [Fact]
    public void LabelsStayInsideThePictureAndApart()
    {
        double[] xs = Enumerable.Range(0, 30).Select(i => 123_000.0 + i * 7_000).ToArray();
        var chart = new LineChart([new Series("wide labels", xs, xs.Select(x => x * 1e-6).ToArray())]) { Width = 360, Height = 260, XLabel = "step", YLabel = "rate" };
        var doc = new SvgDoc(chart.ToSvg());
        foreach (var text in doc.All("text"))
        {
            double x = SvgDoc.Number(text, "x"), y = SvgDoc.Number(text, "y");
            Assert.InRange(x, 0, 360);
            Assert.InRange(y, 0, 260);
        }
        var labels = doc.ByClass("x-tick-label").ToArray();
        for (int i = 1; i < labels.Length; i++)
        {
            double gap = SvgDoc.Number(labels[i], "x") - SvgDoc.Number(labels[i - 1], "x");
            double halfWidths = (Vae.Figures.Text.TextMetrics.Width(labels[i].Value, 11) + Vae.Figures.Text.TextMetrics.Width(labels[i - 1].Value, 11)) / 2;
            Assert.True(gap >= halfWidths + 12, $"x labels '{labels[i - 1].Value}' and '{labels[i].Value}' are {gap} px apart");
        }
    }

    /// <summary>
    /// A title too wide for the picture shrinks until its estimated width fits within the pads and stays
    /// centred inside them; a y title longer than the plot is tall shrinks to the plot's height, so it
    /// cannot reach the chart title.
    /// </summary>
    [Fact]
    public void LongTitlesShrinkToFit()
    {
        string title = string.Concat(Enumerable.Repeat("A long chart title ", 3)).Trim(), yLabel = string.Concat(Enumerable.Repeat("long axis name ", 3)).Trim();
        var doc = new SvgDoc(new LineChart([new Series("s", [0, 1], [0, 1])]) { Title = title, YLabel = yLabel, Width = 400, Height = 300 }.ToSvg());
        var t = doc.ByClass("title").Single();
        double size = SvgDoc.Number(t, "font-size"), width = Vae.Figures.Text.TextMetrics.Width(title, size, bold: true), x = SvgDoc.Number(t, "x");
        Assert.Equal(title, t.Value);
        Assert.InRange(size, 8, 15.9);
        Assert.InRange(x - width / 2, 10 - 0.05, 400);
        Assert.InRange(x + width / 2, 0, 390 + 0.05);
        var y = doc.ByClass("y-title").Single();
        double ySize = SvgDoc.Number(y, "font-size"), yWidth = Vae.Figures.Text.TextMetrics.Width(yLabel, ySize);
        var frame = doc.Frames().Single();
        Assert.Equal(yLabel, y.Value);
        Assert.InRange(ySize, 8, 12.9);
        Assert.InRange(yWidth, 0, frame.H + 0.2); // the font size is written to 0.01 px: up to 0.005/9.6 of ~230 px ≈ 0.12 px over
    }

    /// <summary>A title too long even at 8 px is cut to what fits and ends in an ellipsis.</summary>
    [Fact]
    public void TitlesTooLongEvenAtTheSmallestSizeAreCut()
    {
        string title = string.Concat(Enumerable.Repeat("An extremely long chart title ", 8));
        var t = new SvgDoc(new LineChart([new Series("s", [0, 1], [0, 1])]) { Title = title, Width = 400, Height = 300 }.ToSvg()).ByClass("title").Single();
        Assert.Equal(8, SvgDoc.Number(t, "font-size"));
        Assert.EndsWith("\u2026", t.Value);
        Assert.StartsWith(t.Value[..^1], title);
        double width = Vae.Figures.Text.TextMetrics.Width(t.Value, 8, bold: true);
        Assert.InRange(width, 380 - 2 * 8, 380); // within the pads, and no more than about one character short of them
    }

    [Fact]
    public void ValidationNamesTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new LineChart([new Series("bad", [1, 2], [1])]).ToSvg());
        Assert.Contains("Series[0] (\"bad\") has 2 X values but 1 Y values", e.Message);
        var many = Enumerable.Range(0, 11).Select(i => new Series($"s{i}", [0, 1], [i, i])).ToArray();
        e = Assert.Throws<ArgumentException>(() => new LineChart(many).ToSvg());
        Assert.Contains("needs 11 colours but its palette has 10", e.Message);
        Assert.Throws<ArgumentException>(() => new LineChart([]) { Width = 60 }.ToSvg());
        Assert.Throws<ArgumentException>(() => new AxisRange(1, 1));
    }

    [Fact]
    public void SaveWritesTheSvgAtomically()
    {
        string folder = Directory.CreateTempSubdirectory("vae-svg-").FullName;
        try
        {
            string path = Path.Combine(folder, "loss.svg");
            File.WriteAllText(path, "old");
            Losses().Save(path);
            Assert.Equal(Losses().ToSvg(), File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (double X, double Y, double W, double H) LegendBox(SvgDoc doc)
    {
        var rect = doc.ByClass("legend").Single().Elements(SvgDoc.Ns + "rect").Single();
        return (SvgDoc.Number(rect, "x"), SvgDoc.Number(rect, "y"), SvgDoc.Number(rect, "width"), SvgDoc.Number(rect, "height"));
    }
}
