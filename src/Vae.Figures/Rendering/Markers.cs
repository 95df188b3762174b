using Vae.Figures.Charts;

namespace Vae.Figures.Rendering;

/// <summary>Draws point markers of a given shape and radius (the radius of the circle of equal visual weight).</summary>
internal static class Markers
{
    /// <summary>Draws one marker centred at (x, y); fill comes from the enclosing group when null.</summary>
    public static void Draw(SvgBuilder svg, MarkerShape shape, double x, double y, double r, string? fill = null)
    {
        switch (shape)
        {
            case MarkerShape.Circle:
                svg.Circle(x, y, r, fill);
                break;
            case MarkerShape.Square:
                double h = 0.886 * r; // equal area with the circle: side = r·√π, half side ≈ 0.886 r
                svg.Element("rect", [("x", SvgBuilder.Num(x - h)), ("y", SvgBuilder.Num(y - h)), ("width", SvgBuilder.Num(2 * h)), ("height", SvgBuilder.Num(2 * h)), ("fill", fill)]);
                break;
            case MarkerShape.Triangle:
                double t = 1.555 * r; // circumradius of the equilateral triangle of the circle's area: (3√3/4)·t² = π r²
                svg.Element("path", [("d", "M" + P(x, y - t) + "L" + P(x + 0.866 * t, y + 0.5 * t) + "L" + P(x - 0.866 * t, y + 0.5 * t) + "Z"), ("fill", fill)]);
                break;
            case MarkerShape.Diamond:
                double d = 1.253 * r; // half diagonal of the square of the circle's area: 2·d² = π r²
                svg.Element("path", [("d", "M" + P(x, y - d) + "L" + P(x + d, y) + "L" + P(x, y + d) + "L" + P(x - d, y) + "Z"), ("fill", fill)]);
                break;
            case MarkerShape.None:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown marker shape.");
        }
    }

    private static string P(double x, double y) => SvgBuilder.Num(x) + " " + SvgBuilder.Num(y);
}
