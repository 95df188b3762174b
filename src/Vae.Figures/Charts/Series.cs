namespace Vae.Figures.Charts;

/// <summary>
/// One named line of a <see cref="LineChart"/>: points (X[i], Y[i]) joined in order. Points with a
/// non-finite coordinate (or Y ≤ 0 on a logarithmic axis) are not drawn and break the line there.
/// </summary>
/// <param name="Name">Legend label.</param>
/// <param name="X">Horizontal coordinates.</param>
/// <param name="Y">Vertical coordinates, as many as <paramref name="X"/>.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Marker drawn at every point; <see cref="MarkerShape.None"/> (the default) draws the line only.</summary>
    public MarkerShape Marker { get; init; } = MarkerShape.None;

    /// <summary>A CSS colour for this series; null (the default) takes the chart palette's colour at the series' index.</summary>
    public string? Color { get; init; }

    /// <summary>Whether the line is dashed (6 px on, 4 px off) rather than solid.</summary>
    public bool Dashed { get; init; }
}
