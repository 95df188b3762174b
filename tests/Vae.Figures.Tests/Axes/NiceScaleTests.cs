using Vae.Figures.Axes;

namespace Vae.Figures.Tests.Axes;

public class NiceScaleTests
{
    /// <summary>
    /// Heckbert's nicenum with x = f·10^e, 1 ≤ f &lt; 10. Rounded: f &lt; 1.5 → 1, &lt; 3 → 2, &lt; 7 → 5, else 10.
    /// Not rounded: f ≤ 1 → 1, ≤ 2 → 2, ≤ 5 → 5, else 10.
    /// </summary>
    [Theory]
    [InlineData(97, false, 100)]     // f = 9.7 > 5 → 10·10
    [InlineData(25, true, 20)]       // f = 2.5 < 3 → 2·10
    [InlineData(0.0032, false, 0.005)] // f = 3.2 ≤ 5 → 5·10⁻³
    [InlineData(0.00125, true, 0.001)] // f = 1.25 < 1.5 → 1·10⁻³
    [InlineData(1.5, true, 2)]       // f = 1.5 is not < 1.5 → 2
    [InlineData(6.99, true, 5)]
    [InlineData(7, true, 10)]
    [InlineData(2, false, 2)]
    [InlineData(2.0001, false, 5)]
    [InlineData(1000, false, 1000)]  // log10 exactly 3: f = 1 → 1·10³
    [InlineData(2.9e-7, true, 2e-7)]  // f = 2.9 < 3 → 2·10⁻⁷
    public void NiceNumberMatchesHeckbertsRule(double x, bool round, double expected) =>
        Assert.Equal(expected, NiceScale.NiceNumber(x, round));

    /// <summary>
    /// [0, 97], 5 ticks: range = nicenum(97, false) = 100, step = nicenum(100/4 = 25, true) = 20,
    /// axis floor(0/20)·20 = 0 to ceil(97/20)·20 = 100, no fraction digits.
    /// </summary>
    [Fact]
    public void ZeroToNinetySeven()
    {
        var t = NiceScale.Linear(0, 97, 5);
        Assert.Equal([0, 20, 40, 60, 80, 100], t.Values);
        Assert.Equal(["0", "20", "40", "60", "80", "100"], t.Labels);
        Assert.Equal((0, 100, false), (t.Min, t.Max, t.Logarithmic));
    }

    /// <summary>
    /// [0.001, 0.0042], 5 ticks: range = nicenum(0.0032, false) = 0.005, step = nicenum(0.00125, true) = 0.001,
    /// axis floor(1)·0.001 = 0.001 (0.001/0.001 must not floor to 0) to ceil(4.2)·0.001 = 0.005;
    /// nfrac = −floor(log10 0.001) = 3.
    /// </summary>
    [Fact]
    public void OneThousandthToFourPointTwoThousandths()
    {
        var t = NiceScale.Linear(0.001, 0.0042, 5);
        Assert.Equal([0.001, 0.002, 0.003, 0.004, 0.005], t.Values);
        Assert.Equal(["0.001", "0.002", "0.003", "0.004", "0.005"], t.Labels);
    }

    /// <summary>[−3.7, 12.2]: range = nicenum(15.9, false) = 20, step = nicenum(5, true) = 5, axis −5 to 15; minus signs are U+2212.</summary>
    [Fact]
    public void NegativeToPositive()
    {
        var t = NiceScale.Linear(-3.7, 12.2, 5);
        Assert.Equal([-5, 0, 5, 10, 15], t.Values);
        Assert.Equal(["\u22125", "0", "5", "10", "15"], t.Labels);
    }

    /// <summary>[−1, 1]: range 2, step nicenum(0.5, true) = 0.5, one fraction digit on every label, zero unsigned.</summary>
    [Fact]
    public void SymmetricRangeKeepsOneFractionDigitAndAnUnsignedZero()
    {
        var t = NiceScale.Linear(-1, 1, 5);
        Assert.Equal([-1, -0.5, 0, 0.5, 1], t.Values);
        Assert.Equal(["\u22121.0", "\u22120.5", "0.0", "0.5", "1.0"], t.Labels);
    }

    /// <summary>[0.1, 0.35]: range nicenum(0.25, false) = 0.5, step nicenum(0.125, true) = 0.1; values are the doubles nearest to k/10.</summary>
    [Fact]
    public void TenthsAreTheNearestDoubles()
    {
        var t = NiceScale.Linear(0.1, 0.35, 5);
        Assert.Equal([0.1, 0.2, 0.3, 0.4], t.Values);
        Assert.Equal(["0.1", "0.2", "0.3", "0.4"], t.Labels);
    }

    /// <summary>[0, 4.2e-4]: step 1e-4 (exponent −4, still fixed): six labels with four fraction digits.</summary>
    [Fact]
    public void SmallStepsKeepFixedLabelsDownToTenToTheMinusFour()
    {
        var t = NiceScale.Linear(0, 4.2e-4, 5);
        Assert.Equal(["0.0000", "0.0001", "0.0002", "0.0003", "0.0004", "0.0005"], t.Labels);
    }

    /// <summary>
    /// [0, 4.2e-5]: step 1e-5 → scientific labels. [0, 1e7]: step nicenum(2.5e6, true) = 2e6 → scientific,
    /// with the mantissa dropped when it is 1.
    /// </summary>
    [Fact]
    public void TinyAndHugeStepsUseScientificLabels()
    {
        Assert.Equal(["0", "10\u207B\u2075", "2\u00D710\u207B\u2075", "3\u00D710\u207B\u2075", "4\u00D710\u207B\u2075", "5\u00D710\u207B\u2075"],
            NiceScale.Linear(0, 4.2e-5, 5).Labels);
        var big = NiceScale.Linear(0, 1e7, 5);
        Assert.Equal([0, 2e6, 4e6, 6e6, 8e6, 1e7], big.Values);
        Assert.Equal(["0", "2\u00D710\u2076", "4\u00D710\u2076", "6\u00D710\u2076", "8\u00D710\u2076", "10\u2077"], big.Labels);
    }

    /// <summary>[3, 3] widens by 10% to [2.7, 3.3]: range nicenum(0.6, false) = 1, step nicenum(0.25, true) = 0.2, axis 2.6 to 3.4.</summary>
    [Fact]
    public void ZeroWidthRangeIsWidened()
    {
        var t = NiceScale.Linear(3, 3, 5);
        Assert.Equal(["2.6", "2.8", "3.0", "3.2", "3.4"], t.Labels);
        Assert.Equal(["\u22121", "0", "1"], NiceScale.Linear(0, 0, 3).Labels); // ±1 at zero: range 2, step nicenum(1, true) = 1
    }

    /// <summary>Every tick is a multiple of one nice step, the axis covers the data, and it overshoots by less than a step at each end.</summary>
    [Fact]
    public void TicksCoverTheDataWithinOneStep()
    {
        var rng = Vae.Core.Randomness.Rng.Create(99);
        for (int trial = 0; trial < 500; trial++)
        {
            double scale = Math.Pow(10, rng.NextInt32(16) - 8);
            double a = (rng.NextDouble() * 2 - 1) * scale, b = a + rng.NextDouble() * scale;
            int target = 2 + rng.NextInt32(9);
            var t = NiceScale.Linear(a, b, target);
            double step = t.Values[1] - t.Values[0];
            var (m, e) = NiceScale.Nice(step, round: true);
            Assert.True(Math.Abs(m * Math.Pow(10, e) - step) <= 1e-9 * step, $"step {step} of [{a}, {b}] is not 1, 2 or 5 × 10^k");
            Assert.True(t.Min <= a && t.Max >= b, $"[{t.Min}, {t.Max}] does not cover [{a}, {b}]");
            Assert.True(a - t.Min < step * (1 + 1e-9) && t.Max - b < step * (1 + 1e-9), $"[{t.Min}, {t.Max}] overshoots [{a}, {b}] by a step {step} or more");
            for (int i = 1; i < t.Values.Count; i++)
                Assert.True(Math.Abs(t.Values[i] - t.Values[i - 1] - step) <= 1e-9 * step, $"uneven ticks for [{a}, {b}]");
            Assert.Equal(t.Values.Count, t.Labels.Count);
            Assert.Equal(t.Labels.Count, t.Labels.Distinct().Count());
        }
    }

    /// <summary>[1e-4, 1]: the 1..9 ladder gives 37 ticks and 1-2-5 13, more than 8; decades give 5, labelled 10⁻⁴ .. 10⁰ since 10⁻⁴ &lt; 10⁻³.</summary>
    [Fact]
    public void LogarithmicDecadesWithScientificLabels()
    {
        var t = NiceScale.Logarithmic(1e-4, 1, 8);
        Assert.Equal([1e-4, 1e-3, 1e-2, 1e-1, 1], t.Values);
        Assert.Equal(["10\u207B\u2074", "10\u207B\u00B3", "10\u207B\u00B2", "10\u207B\u00B9", "10\u2070"], t.Labels);
        Assert.True(t.Logarithmic);
    }

    /// <summary>[91, 290]: the 1..9 ladder brackets it by 90 and 300: ticks 90, 100, 200, 300 (four ≤ 8), plain labels.</summary>
    [Fact]
    public void LogarithmicWithinADecadeAndAHalfUsesTheFineLadder()
    {
        var t = NiceScale.Logarithmic(91, 290, 8);
        Assert.Equal([90, 100, 200, 300], t.Values);
        Assert.Equal(["90", "100", "200", "300"], t.Labels);
    }

    /// <summary>[0.003, 0.4] with at most 8: 1..9 gives 3..9 ×10⁻³, 1..9 ×10⁻², 1..4 ×10⁻¹ (23); 1-2-5 gives 0.002 .. 0.5 (7).</summary>
    [Fact]
    public void LogarithmicOneTwoFiveLadder()
    {
        var t = NiceScale.Logarithmic(0.003, 0.4, 8);
        Assert.Equal([0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5], t.Values);
        Assert.Equal(["0.002", "0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5"], t.Labels);
    }

    /// <summary>
    /// [1, 1e12], at most 6: decades give 13; every 2nd decade 10⁰..10¹² gives 7; every 5th (aligned to
    /// multiples of 5) gives 10⁰, 10⁵, 10¹⁰, 10¹⁵.
    /// </summary>
    [Fact]
    public void LogarithmicThinsDecadesByNiceStrides()
    {
        var t = NiceScale.Logarithmic(1, 1e12, 6);
        Assert.Equal([1, 1e5, 1e10, 1e15], t.Values);
        Assert.Equal(["10\u2070", "10\u2075", "10\u00B9\u2070", "10\u00B9\u2075"], t.Labels);
        Assert.Equal(["1", "10", "100", "1000", "10000"], NiceScale.Logarithmic(1, 1e4, 5).Labels);
    }

    [Fact]
    public void RejectsInvalidRanges()
    {
        Assert.Throws<ArgumentException>(() => NiceScale.Linear(2, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Linear(double.NaN, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Linear(0, double.PositiveInfinity, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Linear(0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Logarithmic(0, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.Logarithmic(0.5, 50, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceScale.NiceNumber(-1, true));
    }
}
