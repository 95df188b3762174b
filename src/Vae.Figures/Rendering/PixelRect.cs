namespace Vae.Figures.Rendering;

/// <summary>An axis-aligned rectangle in SVG pixels (y grows downwards).</summary>
internal readonly record struct PixelRect(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double CenterX => X + Width / 2;

    /// <summary>This rectangle grown by <paramref name="margin"/> on every side.</summary>
    public PixelRect Inflate(double margin) => new(X - margin, Y - margin, Width + 2 * margin, Height + 2 * margin);

    /// <summary>Whether the point lies inside or on the edge.</summary>
    public bool Contains(double x, double y) => x >= X && x <= Right && y >= Y && y <= Bottom;

    /// <summary>
    /// Whether the segment from (x0, y0) to (x1, y1) meets the rectangle (Liang–Barsky clipping: the
    /// parameter interval where the segment is inside all four slabs is non-empty).
    /// </summary>
    public bool Intersects(double x0, double y0, double x1, double y1)
    {
        double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
        return Clip(-dx, x0 - X, ref t0, ref t1) && Clip(dx, Right - x0, ref t0, ref t1)
            && Clip(-dy, y0 - Y, ref t0, ref t1) && Clip(dy, Bottom - y0, ref t0, ref t1);
    }

    private static bool Clip(double p, double q, ref double t0, ref double t1)
    {
        if (p == 0) return q >= 0;
        double t = q / p;
        if (p < 0)
        {
            if (t > t1) return false;
            if (t > t0) t0 = t;
        }
        else
        {
            if (t < t0) return false;
            if (t < t1) t1 = t;
        }
        return true;
    }
}
