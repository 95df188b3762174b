namespace Vae.Figures.Charts;

/// <summary>The symbol drawn at each data point of a line series.</summary>
public enum MarkerShape
{
    /// <summary>No marker: the line only.</summary>
    None,
    /// <summary>A filled circle.</summary>
    Circle,
    /// <summary>A filled square.</summary>
    Square,
    /// <summary>A filled upward triangle.</summary>
    Triangle,
    /// <summary>A filled diamond (a square turned 45°).</summary>
    Diamond,
}
