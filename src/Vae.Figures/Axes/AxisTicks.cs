namespace Vae.Figures.Axes;

/// <summary>
/// The ticks of one axis: its extent, the tick positions in data units (ascending, inside
/// [<paramref name="Min"/>, <paramref name="Max"/>]; <see cref="NiceScale"/> puts the first and last tick
/// exactly at the ends) and their labels.
/// </summary>
/// <param name="Min">Lower end of the axis, in data units.</param>
/// <param name="Max">Upper end of the axis, in data units.</param>
/// <param name="Values">Tick positions in data units, ascending.</param>
/// <param name="Labels">Tick labels, one per value, formatted with the invariant culture.</param>
/// <param name="Logarithmic">Whether the axis maps <c>log10</c> of the data linearly.</param>
public sealed record AxisTicks(
    double Min, double Max, IReadOnlyList<double> Values, IReadOnlyList<string> Labels, bool Logarithmic);
