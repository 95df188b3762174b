namespace Vae.Figures.Charts;

/// <summary>A fixed axis extent in data units; ticks are then the nice numbers inside it.</summary>
public sealed record AxisRange
{
    /// <summary>Creates the range <c>[min, max]</c>.</summary>
    /// <exception cref="ArgumentException">A limit is not finite, or <paramref name="min"/> ≥ <paramref name="max"/>.</exception>
    public AxisRange(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentException($"An axis range needs finite limits with min < max; got [{min}, {max}].", nameof(min));
        Min = min;
        Max = max;
    }

    /// <summary>Lower end of the axis.</summary>
    public double Min { get; }

    /// <summary>Upper end of the axis.</summary>
    public double Max { get; }
}
