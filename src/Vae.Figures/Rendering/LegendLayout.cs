using Vae.Figures.Charts;

namespace Vae.Figures.Rendering;

/// <summary>A laid-out chart: its frame and, when it has one, the legend's box (bordered when inside the plot).</summary>
internal sealed record PlacedFrame(CartesianFrame Frame, PixelRect? LegendBox, bool Boxed);

/// <summary>Resolves a <see cref="LegendPlacement"/> into a frame layout and a legend box.</summary>
internal static class LegendLayout
{
    /// <summary>
    /// Lays the chart out for the requested placement. <paramref name="layout"/> builds the frame given
    /// the pixels to keep free right of the plot; <paramref name="overlaps"/> tells whether data drawn in a
    /// frame would touch a box. Auto tries the inside corners in <see cref="Legend.AutoOrder"/>, each with a
    /// clearance as wide as the inset from the plot edges (so data along an edge also rules the corner out),
    /// and falls back to an outside legend when each touches data or does not fit.
    /// </summary>
    public static PlacedFrame Place(LegendPlacement placement, IReadOnlyList<LegendEntry> entries, double chartHeight,
        Func<double, CartesianFrame> layout, Func<CartesianFrame, PixelRect, bool> overlaps)
    {
        if (placement == LegendPlacement.None || entries.Count == 0) return new PlacedFrame(layout(0), null, false);
        if (!Enum.IsDefined(placement)) throw new ArgumentOutOfRangeException(nameof(placement), placement, "Unknown legend placement.");
        if (placement != LegendPlacement.Right)
        {
            var inside = layout(0);
            if (placement != LegendPlacement.Auto) return new PlacedFrame(inside, Legend.Corner(inside.Plot, placement, entries), true);
            foreach (var corner in Legend.AutoOrder)
            {
                var box = Legend.Corner(inside.Plot, corner, entries);
                bool fits = box.X >= inside.Plot.X && box.Y >= inside.Plot.Y;
                if (fits && !overlaps(inside, box.Inflate(Style.LegendInset))) return new PlacedFrame(inside, box, true);
            }
        }
        var frame = layout(Legend.RightReserve(entries));
        var outside = Legend.Outside(frame.Plot, entries);
        if (outside.Bottom > chartHeight)
            throw new ArgumentException($"A legend of {entries.Count} entries is {outside.Height:0} px tall and does not fit a chart {chartHeight} px high.");
        return new PlacedFrame(frame, outside, false);
    }
}
