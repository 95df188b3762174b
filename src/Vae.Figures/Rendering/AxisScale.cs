using Vae.Figures.Axes;

namespace Vae.Figures.Rendering;

/// <summary>Maps data values on one axis to pixels: linearly, or linearly in <c>log10</c>.</summary>
internal sealed class AxisScale
{
    private readonly double t0, t1, p0, p1;

    /// <summary>Maps <c>ticks.Min</c> to <paramref name="pixelAtMin"/> and <c>ticks.Max</c> to <paramref name="pixelAtMax"/>.</summary>
    public AxisScale(AxisTicks ticks, double pixelAtMin, double pixelAtMax)
    {
        Ticks = ticks;
        t0 = Transform(ticks.Min);
        t1 = Transform(ticks.Max);
        p0 = pixelAtMin;
        p1 = pixelAtMax;
    }

    public AxisTicks Ticks { get; }

    /// <summary>The pixel coordinate of <paramref name="value"/>.</summary>
    public double Map(double value) => p0 + (Transform(value) - t0) / (t1 - t0) * (p1 - p0);

    private double Transform(double value) => Ticks.Logarithmic ? Math.Log10(value) : value;
}
