using Vae.Figures.Axes;
using Vae.Figures.Charts;
using Vae.Figures.Text;

namespace Vae.Figures.Rendering;

/// <summary>What one axis must show: the data extent, log or linear, and an optional fixed range.</summary>
internal readonly record struct AxisSpec(Extent Data, bool Log, AxisRange? Range)
{
    /// <summary>Ticks for a horizontal axis <paramref name="length"/> pixels long, thinned until labels keep 12 px apart.</summary>
    public AxisTicks Horizontal(double length) =>
        Plan(length, spacing: 70, (a, b, gap) => gap >= (TextMetrics.Width(a, Style.TickLabelSize) + TextMetrics.Width(b, Style.TickLabelSize)) / 2 + 12);

    /// <summary>Ticks for a vertical axis <paramref name="length"/> pixels long, thinned until labels keep 1.6 lines apart.</summary>
    public AxisTicks Vertical(double length) =>
        Plan(length, spacing: 50, (_, _, gap) => gap >= 1.6 * Style.TickLabelSize);

    /// <summary>
    /// Starts from one tick per <paramref name="spacing"/> pixels (3 to 10: with fewer, loose labelling may
    /// leave half the axis empty) and asks for fewer until every neighbouring pair of labels fits
    /// <paramref name="fits"/> (label, label, pixel gap), or two are asked for.
    /// </summary>
    private AxisTicks Plan(double length, double spacing, Func<string, string, double, bool> fits)
    {
        var (min, max) = Limits();
        for (int target = Math.Clamp((int)(length / spacing), 3, 10); ; target--)
        {
            var ticks = Log ? NiceScale.Logarithmic(min, max, target) : NiceScale.Linear(min, max, target);
            if (Range is not null) ticks = Within(ticks, Range);
            var scale = new AxisScale(ticks, 0, length);
            bool ok = true;
            for (int i = 0; ok && i + 1 < ticks.Values.Count; i++)
                ok = fits(ticks.Labels[i], ticks.Labels[i + 1], Math.Abs(scale.Map(ticks.Values[i + 1]) - scale.Map(ticks.Values[i])));
            if (ok || target == 2) return ticks;
        }
    }

    private (double Min, double Max) Limits()
    {
        if (Range is not null)
        {
            if (Log && !(Range.Min > 0)) throw new ArgumentException($"A logarithmic axis needs a positive range; got [{Range.Min}, {Range.Max}].");
            return (Range.Min, Range.Max);
        }
        if (!Data.IsEmpty) return (Data.Min, Data.Max);
        return Log ? (1, 10) : (0, 1);
    }

    /// <summary>The ticks inside the fixed range (with a slack of 1e-9 of its width, or of its limits on a log axis), on an axis spanning exactly that range.</summary>
    private static AxisTicks Within(AxisTicks ticks, AxisRange range)
    {
        double low = range.Min - 1e-9 * (ticks.Logarithmic ? range.Min : range.Max - range.Min);
        double high = range.Max + 1e-9 * (ticks.Logarithmic ? range.Max : range.Max - range.Min);
        var values = new List<double>();
        var labels = new List<string>();
        for (int i = 0; i < ticks.Values.Count; i++)
        {
            if (ticks.Values[i] < low || ticks.Values[i] > high) continue;
            values.Add(ticks.Values[i]);
            labels.Add(ticks.Labels[i]);
        }
        return new AxisTicks(range.Min, range.Max, values, labels, ticks.Logarithmic);
    }
}
