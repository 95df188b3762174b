using Vae.Core.Tensors;
using Vae.Figures.Charts;

namespace Vae.Figures.Tests.Charts;

public class ScatterChartTests
{
    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>200 points on ten clusters around a circle of radius 3, cluster c = class c, jittered deterministically.</summary>
    private static ScatterChart Clusters()
    {
        var rng = Vae.Core.Randomness.Rng.Create(11);
        int n = 200;
        var x = new double[n];
        var y = new double[n];
        var c = new int[n];
        for (int i = 0; i < n; i++)
        {
            c[i] = i % 10;
            x[i] = 3 * Math.Cos(c[i] * 0.628) + 0.5 * rng.NextNormal();
            y[i] = 3 * Math.Sin(c[i] * 0.628) + 0.5 * rng.NextNormal();
        }
        return new ScatterChart(x, y, c, Digits) { Title = "Latent space", XLabel = "z1", YLabel = "z2" };
    }

    [Fact]
    public void OneCirclePerFinitePointColouredByClassAndOneLegendEntryPerClass()
    {
        var chart = Clusters();
        var doc = new SvgDoc(chart.ToSvg());
        var circles = doc.ByClass("points").Single().Elements(SvgDoc.Ns + "circle").ToArray();
        doc.AssertReferencesResolve();
        Assert.Equal(200, circles.Length);
        for (int i = 0; i < circles.Length; i++)
            Assert.Equal(Palette.Tableau10[chart.Classes[i]], (string?)circles[i].Attribute("fill"));
        Assert.Equal(Digits, doc.ByClass("legend-entry").Select(e => e.Value));
        Assert.Equal("0.75", (string?)doc.ByClass("points").Single().Attribute("fill-opacity"));
    }

    /// <summary>Points are mapped by the axis scales: the frame spans the first to last tick, so a point at a tick lies on that tick's pixel.</summary>
    [Fact]
    public void PointsLandOnTheirTickPositions()
    {
        // x ticks for [0, 10] and y ticks for [0, 4] run from 0 to their maximum, so (0, 0) is the frame's lower left and (10, 4) its upper right.
        var chart = new ScatterChart([0, 10, 5], [0, 4, 2], [0, 1, 2], ["a", "b", "c"]) { Legend = LegendPlacement.None };
        var doc = new SvgDoc(chart.ToSvg());
        var frame = doc.Frames().Single();
        var c = doc.ByClass("points").Single().Elements().Select(e => (SvgDoc.Number(e, "cx"), SvgDoc.Number(e, "cy"))).ToArray();
        Assert.Equal(frame.X, c[0].Item1, 2);
        Assert.Equal(frame.Y + frame.H, c[0].Item2, 2);
        Assert.Equal(frame.X + frame.W, c[1].Item1, 2);
        Assert.Equal(frame.Y, c[1].Item2, 2);
        Assert.Equal(frame.X + frame.W / 2, c[2].Item1, 1.5);
        Assert.Equal(frame.Y + frame.H / 2, c[2].Item2, 1.5);
    }

    [Fact]
    public void NonFinitePointsAreSkipped()
    {
        var chart = new ScatterChart([0, double.NaN, 2, 3], [0, 1, double.NegativeInfinity, 3], [0, 0, 1, 1], ["a", "b"]);
        Assert.Equal(2, new SvgDoc(chart.ToSvg()).ByClass("points").Single().Elements().Count());
    }

    [Fact]
    public void TensorConstructorTakesTheFirstTwoColumns()
    {
        var z = Tensor<float>.FromArray([1, 2, 9, 3, 4, 9, 5, 6, 9], 3, 3);
        var chart = new ScatterChart(z, [0, 1, 0], ["a", "b"]);
        Assert.Equal([1.0, 3.0, 5.0], chart.X);
        Assert.Equal([2.0, 4.0, 6.0], chart.Y);
        var zd = Tensor<double>.FromArray([1, 2, 3, 4], 2, 2);
        Assert.Equal([2.0, 4.0], new ScatterChart(zd, [0, 0], ["a"]).Y);
        var e = Assert.Throws<ArgumentException>(() => new ScatterChart(Tensor<float>.Zeros(3, 1), [0, 0, 0], ["a"]));
        Assert.Contains("[n, d] tensor with d ≥ 2", e.Message);
    }

    /// <summary>A 21×21 grid of points fills every corner of the plot, so Auto puts the legend outside, right of the plot, unboxed.</summary>
    [Fact]
    public void AutoLegendGoesOutsideWhenPointsFillTheCorners()
    {
        var x = new double[441];
        var y = new double[441];
        for (int i = 0; i < 441; i++) (x[i], y[i]) = (i % 21, i / 21);
        var doc = new SvgDoc(new ScatterChart(x, y, new int[441], ["grid"]).ToSvg());
        var frame = doc.Frames().Single();
        Assert.True(SvgDoc.Number(doc.ByClass("legend-entry").Single().Element(SvgDoc.Ns + "text")!, "x") > frame.X + frame.W);
        Assert.Empty(doc.ByClass("legend").Single().Elements(SvgDoc.Ns + "rect"));
    }

    /// <summary>
    /// Points along two edges of the square [0, 10]²: along the bottom and left edges ("L") only the top right
    /// corner is free, along the top and right edges only the bottom left. Auto takes that corner, boxed, and
    /// no point's disc touches the box.
    /// </summary>
    [Theory]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    public void AutoLegendTakesTheFreeCornerAndTouchesNoPoint(bool topAndRight, bool expectTop, bool expectLeft)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i <= 20; i++)
        {
            double t = i / 2.0, edge = topAndRight ? 10 : 0;
            x.Add(t); y.Add(edge);
            x.Add(edge); y.Add(t);
        }
        var classes = x.Select((_, i) => i % 2).ToArray();
        var doc = new SvgDoc(new ScatterChart(x, y, classes, ["bottom or top", "left or right"]).ToSvg());
        var box = doc.ByClass("legend").Single().Elements(SvgDoc.Ns + "rect").Single();
        double bx = SvgDoc.Number(box, "x"), by = SvgDoc.Number(box, "y"), bw = SvgDoc.Number(box, "width"), bh = SvgDoc.Number(box, "height");
        var frame = doc.Frames().Single();
        Assert.Equal(expectTop, by + bh / 2 < frame.Y + frame.H / 2);
        Assert.Equal(expectLeft, bx + bw / 2 < frame.X + frame.W / 2);
        foreach (var circle in doc.ByClass("points").Single().Elements())
        {
            double cx = SvgDoc.Number(circle, "cx"), cy = SvgDoc.Number(circle, "cy"), r = SvgDoc.Number(circle, "r");
            double dx = Math.Max(Math.Max(bx - cx, 0), cx - (bx + bw)), dy = Math.Max(Math.Max(by - cy, 0), cy - (by + bh));
            Assert.True(dx * dx + dy * dy > r * r, $"point ({cx}, {cy}) touches the legend");
        }
    }

    [Fact]
    public void DeterministicAndValidated()
    {
        Assert.Equal(Clusters().ToSvg(), Clusters().ToSvg());
        var e = Assert.Throws<ArgumentException>(() => new ScatterChart([0, 1], [0, 1], [0, 2], ["a", "b"]).ToSvg());
        Assert.Contains("Classes[1] = 2 is outside [0, 2)", e.Message);
        e = Assert.Throws<ArgumentException>(() => new ScatterChart([0, 1], [0], [0, 0], ["a"]).ToSvg());
        Assert.Contains("2 X values, 1 Y values and 2 classes", e.Message);
        var names = Enumerable.Range(0, 9).Select(i => i.ToString()).ToArray();
        e = Assert.Throws<ArgumentException>(() => new ScatterChart([0], [0], [0], names) { Palette = Palette.OkabeIto }.ToSvg());
        Assert.Contains("needs 9 colours but its palette has 8", e.Message);
        Assert.Throws<ArgumentException>(() => (Clusters() with { Opacity = 0 }).ToSvg());
    }
}
