using Vae.Figures.Text;

namespace Vae.Figures.Tests.Text;

public class TextMetricsTests
{
    /// <summary>
    /// DejaVu Sans advances (1/2048 em): digits 1303, '.' 651, 'm' 1995, U+2212 1716. At 11 px,
    /// "0.5" is (1303 + 651 + 1303)·11/2048 = 17.494 px; "−m" at 20 px is (1716 + 1995)·20/2048 = 36.240 px.
    /// </summary>
    [Fact]
    public void WidthsAreTheSummedDejaVuAdvances()
    {
        Assert.Equal(3257 * 11 / 2048.0, TextMetrics.Width("0.5", 11), 12);
        Assert.Equal(3711 * 20 / 2048.0, TextMetrics.Width("\u2212m", 20), 12);
        Assert.Equal((1425 + 702) * 16 / 2048.0, TextMetrics.Width("7l", 16, bold: true), 12); // DejaVu Sans Bold: digit 1425, 'l' 702
        Assert.Equal(0, TextMetrics.Width("", 11));
    }
}
