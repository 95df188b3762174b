using Vae.Figures.Axes;

namespace Vae.Figures.Tests.Axes;

public class Decimal10Tests
{
    [Theory]
    [InlineData(15, -4, "0.0015")]
    [InlineData(3, 2, "300")]
    [InlineData(-5, -1, "\u22120.5")]
    [InlineData(120, -2, "1.20")]
    [InlineData(0, -3, "0.000")]
    [InlineData(0, 2, "0")]
    [InlineData(-7, 0, "\u22127")]
    public void FixedWritesTheExactDecimal(long m, int e, string expected) => Assert.Equal(expected, Decimal10.Fixed(m, e));

    [Theory]
    [InlineData(2, 6, "2\u00D710\u2076")]
    [InlineData(10, 5, "10\u2076")]
    [InlineData(15, 5, "1.5\u00D710\u2076")]
    [InlineData(-25, -7, "\u22122.5\u00D710\u207B\u2076")]
    [InlineData(-1, 3, "\u221210\u00B3")]
    [InlineData(0, 9, "0")]
    public void ScientificKeepsOnlySignificantDigits(long m, int e, string expected) => Assert.Equal(expected, Decimal10.Scientific(m, e));

    /// <summary>m·10^e is one correctly rounded operation: 3·10⁻¹ is the double nearest 0.3, 7·10²² is exact.</summary>
    [Fact]
    public void ValuesAreCorrectlyRounded()
    {
        Assert.Equal(0.3, Decimal10.Value(3, -1));
        Assert.Equal(7e22, Decimal10.Value(7, 22));
        Assert.Equal(0.0015, Decimal10.Value(15, -4));
    }
}
