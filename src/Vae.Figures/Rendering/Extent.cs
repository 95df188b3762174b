namespace Vae.Figures.Rendering;

/// <summary>The smallest and largest usable data value along an axis (finite, and positive on a log axis).</summary>
internal struct Extent
{
    private readonly bool log;

    public Extent(bool logarithmic)
    {
        log = logarithmic;
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }

    public double Min { get; private set; }
    public double Max { get; private set; }
    public readonly bool IsEmpty => Min > Max;

    /// <summary>Whether <paramref name="value"/> can be drawn on this axis.</summary>
    public readonly bool Usable(double value) => double.IsFinite(value) && (!log || value > 0);

    /// <summary>Widens the extent to include <paramref name="value"/> when it is usable.</summary>
    public void Add(double value)
    {
        if (!Usable(value)) return;
        if (value < Min) Min = value;
        if (value > Max) Max = value;
    }
}
