using Vae.Figures.Rendering;

namespace Vae.Figures.Tests.Rendering;

public class PixelRectTests
{
    private static readonly PixelRect Box = new(10, 20, 30, 40); // x in [10, 40], y in [20, 60]

    [Theory]
    [InlineData(0, 0, 50, 80, true)]     // diagonal through the box
    [InlineData(0, 30, 50, 30, true)]    // horizontal, through both sides
    [InlineData(15, 25, 16, 26, true)]   // wholly inside
    [InlineData(0, 0, 9, 100, false)]    // left of the box
    [InlineData(0, 70, 50, 70, false)]   // below
    [InlineData(0, 50, 20, 100, false)]  // passes the lower left corner outside: at x = 10, y = 75
    [InlineData(40, 60, 60, 80, true)]   // touches the corner (40, 60)
    [InlineData(25, 40, 25, 40, true)]   // a point inside
    [InlineData(45, 40, 45, 40, false)]  // a point outside
    [InlineData(25, 0, 25, 19.9, false)] // stops just above
    public void SegmentIntersection(double x0, double y0, double x1, double y1, bool expected)
    {
        Assert.Equal(expected, Box.Intersects(x0, y0, x1, y1));
        Assert.Equal(expected, Box.Intersects(x1, y1, x0, y0));
    }

    [Fact]
    public void InflateAndContains()
    {
        var grown = Box.Inflate(2);
        Assert.Equal(new PixelRect(8, 18, 34, 44), grown);
        Assert.True(grown.Contains(8, 62));
        Assert.False(grown.Contains(7.9, 30));
    }
}
