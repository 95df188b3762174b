using Vae.Figures.Charts;

namespace Vae.Figures.Tests.Charts;

public class ScatterPanelsTests
{
    private static readonly string[] Names = ["a", "b", "c"];

    /// <summary>Panel k holds 30 points spread over [−(k+1), k+1]², so the shared axes must cover the last panel.</summary>
    private static ScatterChart Panel(int k)
    {
        var x = new double[30];
        var y = new double[30];
        var c = new int[30];
        for (int i = 0; i < 30; i++)
        {
            double t = i / 29.0 * 2 - 1;
            x[i] = (k + 1) * t;
            y[i] = (k + 1) * Math.Sin(7 * t);
            c[i] = i % 3;
        }
        return new ScatterChart(x, y, c, Names) { Title = $"epoch {k + 1}" };
    }

    private static ScatterPanels Strip(int n, int columns = 0) =>
        new(Enumerable.Range(0, n).Select(Panel).ToArray()) { Title = "Latent space", XLabel = "z1", YLabel = "z2", Columns = columns };

    [Fact]
    public void OnePanelPerChartInOneRowWithOneLegend()
    {
        var doc = new SvgDoc(Strip(4).ToSvg());
        Assert.Equal(4, doc.ByClass("panel").Count());
        doc.AssertReferencesResolve();
        Assert.Equal(["epoch 1", "epoch 2", "epoch 3", "epoch 4"], doc.Texts("panel-title"));
        Assert.Equal(120, doc.ByClass("points").Sum(g => g.Elements().Count()));
        Assert.Equal(3, doc.ByClass("legend-entry").Count());
        var frames = doc.Frames();
        Assert.All(frames, f => Assert.Equal((220.0, 220.0), (f.W, f.H)));
        Assert.All(frames, f => Assert.Equal(frames[0].Y, f.Y));
        for (int k = 1; k < frames.Length; k++) Assert.True(frames[k].X > frames[k - 1].X + frames[k - 1].W, "panels overlap");
    }

    /// <summary>
    /// Shared axes: every panel shows the same x ticks, covering [−4, 4] from the last panel: a 220 px axis
    /// asks for floor(220 / 70) = 3 ticks, range nicenum(8, false) = 10, step nicenum(5, true) = 5, so −5..5.
    /// y tick labels are drawn once (left column), x tick labels under each panel of the single row.
    /// </summary>
    [Fact]
    public void AxesAreSharedAndLabelledOnTheOuterPanels()
    {
        var doc = new SvgDoc(Strip(4).ToSvg());
        var xLabels = doc.ByClass("panel").Select(p => p.Descendants().Where(e => (string?)e.Attribute("class") == "x-tick-label").Select(e => e.Value).ToArray()).ToArray();
        Assert.All(xLabels, l => Assert.Equal(xLabels[0], l));
        Assert.Equal(["\u22125", "0", "5"], xLabels[0]);
        var yLabelsPerPanel = doc.ByClass("panel").Select(p => p.Descendants().Count(e => (string?)e.Attribute("class") == "y-tick-label")).ToArray();
        Assert.True(yLabelsPerPanel[0] > 0);
        Assert.All(yLabelsPerPanel[1..], c => Assert.Equal(0, c));
    }

    /// <summary>Five panels in rows of three: the panels with no panel below (indices 2, 3, 4) carry x tick labels; the left column (0, 3) carries y tick labels.</summary>
    [Fact]
    public void WrappedGridLabelsTheLowestPanelOfEachColumn()
    {
        var doc = new SvgDoc(Strip(5, columns: 3).ToSvg());
        var panels = doc.ByClass("panel").ToArray();
        bool Has(int k, string cls) => panels[k].Descendants().Any(e => (string?)e.Attribute("class") == cls);
        Assert.Equal([false, false, true, true, true], Enumerable.Range(0, 5).Select(k => Has(k, "x-tick-label")));
        Assert.Equal([true, false, false, true, false], Enumerable.Range(0, 5).Select(k => Has(k, "y-tick-label")));
        var frames = doc.Frames();
        Assert.Equal(frames[0].X, frames[3].X);
        Assert.True(frames[3].Y > frames[0].Y + frames[0].H);
    }

    [Fact]
    public void DeterministicAndValidated()
    {
        Assert.Equal(Strip(3).ToSvg(), Strip(3).ToSvg());
        var other = Panel(1) with { ClassNames = ["a", "b", "d"] };
        var e = Assert.Throws<ArgumentException>(() => new ScatterPanels([Panel(0), other]).ToSvg());
        Assert.Contains("Panels[1] has class names [a, b, d]", e.Message);
        var recoloured = Panel(1) with { Palette = Palette.OkabeIto };
        e = Assert.Throws<ArgumentException>(() => new ScatterPanels([Panel(0), recoloured]).ToSvg());
        Assert.Contains("colours its classes differently", e.Message);
        Assert.Throws<ArgumentException>(() => new ScatterPanels([]).ToSvg());
        Assert.Empty(new SvgDoc((Strip(2) with { Legend = LegendPlacement.None }).ToSvg()).ByClass("legend"));
    }
}
