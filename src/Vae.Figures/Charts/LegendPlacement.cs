namespace Vae.Figures.Charts;

/// <summary>Where a chart puts its legend.</summary>
public enum LegendPlacement
{
    /// <summary>The first inside corner (top right, top left, bottom right, bottom left) whose legend box touches no data; otherwise <see cref="Right"/>.</summary>
    Auto,
    /// <summary>Outside the plot area, to its right; the plot narrows to make room.</summary>
    Right,
    /// <summary>Inside the plot area, top right corner, whether or not data lies there.</summary>
    TopRight,
    /// <summary>Inside the plot area, top left corner, whether or not data lies there.</summary>
    TopLeft,
    /// <summary>Inside the plot area, bottom right corner, whether or not data lies there.</summary>
    BottomRight,
    /// <summary>Inside the plot area, bottom left corner, whether or not data lies there.</summary>
    BottomLeft,
    /// <summary>No legend.</summary>
    None,
}
