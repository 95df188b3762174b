using Vae.Figures.Axes;
using Vae.Figures.Charts;
using Vae.Figures.Text;

namespace Vae.Figures.Rendering;

/// <summary>What one axis must show: the data extent, log or linear, and an optional fixed range.</summary>
internal readonly record struct AxisSpec(Extent Data, bool Log, AxisRange? Range)
{
    /// <summary>Ticks for a horizontal axis <paramref name="length"/> pixels long: about one per 70 px, labels at least 12 px apart.</summary>
    public AxisTicks Horizontal(double length) =>
        Plan(length, spacing: 70, (a, b, gap) => gap >= (TextMetrics.Width(a, Style.TickLabelSize) + TextMetrics.Width(b, Style.TickLabelSize)) / 2 + 12);

    /// <summary>Ticks for a vertical axis <paramref name="length"/> pixels long: about one per 50 px, labels at least 1.6 lines apart.</summary>
    public AxisTicks Vertical(double length) =>
        Plan(length, spacing: 50, (_, _, gap) => gap >= 1.6 * Style.TickLabelSize);

    /// <summary>
    /// Heckbert's loose labelling asked for every target count from 2 to 12 (logarithmic ticks: at most 3
    /// to 12); among the results with at most <c>floor(length / spacing) + 1</c> ticks (at least 3) whose
    /// neighbouring labels satisfy <paramref name="fits"/> (label, label, pixel gap), the one whose axis the
    /// data fill best (data span over axis span, in log10 units on a log axis), ties going to more ticks.
    /// Heckbert's rounding of the range can overshoot for one target and not for the next, so trying them
    /// all avoids half-empty axes. When nothing fits, the coarsest answer is used.
    /// </summary>
    private AxisTicks Plan(double length, double spacing, Func<string, string, double, bool> fits)
    {
        var (min, max) = Limits();
        int cap = Math.Max(3, (int)(length / spacing) + 1);
        AxisTicks? best = null;
        double bestCoverage = -1;
        for (int target = Log ? 3 : 2; target <= 12; target++)
        {
            var ticks = Log ? NiceScale.Logarithmic(min, max, target) : NiceScale.Linear(min, max, target);
            if (Range is not null) ticks = Within(ticks, Range);
            if (ticks.Values.Count > cap || !LabelsFit(ticks, length, fits)) continue;
            double coverage = Log ? Math.Log10(max / min) / Math.Log10(ticks.Max / ticks.Min) : (max - min) / (ticks.Max - ticks.Min);
            bool better = coverage > bestCoverage + 1e-9
                || (coverage > bestCoverage - 1e-9 && ticks.Values.Count > best!.Values.Count);
            if (better) (best, bestCoverage) = (ticks, coverage);
        }
        if (best is not null) return best;
        var fallback = Log ? NiceScale.Logarithmic(min, max, 3) : NiceScale.Linear(min, max, 2);
        return Range is null ? fallback : Within(fallback, Range);
    }

    private static bool LabelsFit(AxisTicks ticks, double length, Func<string, string, double, bool> fits)
    {
        var scale = new AxisScale(ticks, 0, length);
        for (int i = 0; i + 1 < ticks.Values.Count; i++)
            if (!fits(ticks.Labels[i], ticks.Labels[i + 1], Math.Abs(scale.Map(ticks.Values[i + 1]) - scale.Map(ticks.Values[i]))))
                return false;
        return true;
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
