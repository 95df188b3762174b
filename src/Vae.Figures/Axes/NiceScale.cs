namespace Vae.Figures.Axes;

/// <summary>
/// Axis ticks at "nice" numbers: Heckbert's loose labelling (P. S. Heckbert, "Nice numbers for graph
/// labels", Graphics Gems, 1990) for linear axes, and decades refined by 1-2-5 or 1..9 ladders for
/// logarithmic ones.
/// </summary>
public static class NiceScale
{
    /// <summary>
    /// Heckbert's <c>nicenum</c>: a number 1, 2, 5 or 10 times a power of ten near <paramref name="x"/>.
    /// With <paramref name="round"/> the nearest (fractions below 1.5, 3, 7 go to 1, 2, 5, others to 10);
    /// without it the smallest such number ≥ <paramref name="x"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is not finite and positive.</exception>
    public static double NiceNumber(double x, bool round)
    {
        var (mantissa, exponent) = Nice(x, round);
        return Decimal10.Value(mantissa, exponent);
    }

    /// <summary>
    /// Loose labelling of <c>[min, max]</c>: the step is <c>nicenum(nicenum(max − min, false) / (target − 1), true)</c>,
    /// the axis runs from <c>floor(min / step)·step</c> to <c>ceil(max / step)·step</c>, every tick is a
    /// multiple of the step, and labels carry <c>max(−floor(log10 step), 0)</c> fraction digits (scientific
    /// form when the step is ≥ 10⁶ or ≤ 10⁻⁵). A zero-width range is widened to ±10% of its value (±1 at zero).
    /// </summary>
    /// <param name="min">Smallest data value.</param>
    /// <param name="max">Largest data value, ≥ <paramref name="min"/>.</param>
    /// <param name="targetCount">Desired number of ticks (Heckbert's <c>nticks</c>, at least 2); the result may have a few more or fewer.</param>
    public static AxisTicks Linear(double min, double max, int targetCount)
    {
        CheckRange(min, max);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetCount, 2);
        if (min == max)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        double range = NiceNumber(max - min, round: false);
        var (mantissa, exponent) = Nice(range / (targetCount - 1), round: true);
        double step = Decimal10.Value(mantissa, exponent);
        long first = (long)Math.Floor(min / step + Slack(min / step));
        long last = (long)Math.Ceiling(max / step - Slack(max / step));
        var values = new double[last - first + 1];
        var labels = new string[values.Length];
        bool scientific = exponent >= Decimal10.ScientificAtOrAbove || exponent <= Decimal10.ScientificAtOrBelow;
        for (long k = first; k <= last; k++)
        {
            long m = k * mantissa;
            values[k - first] = Decimal10.Value(m, exponent);
            labels[k - first] = scientific ? Decimal10.Scientific(m, exponent) : Decimal10.Fixed(m, exponent);
        }
        return new AxisTicks(values[0], values[^1], values, labels, Logarithmic: false);
    }

    /// <summary>
    /// Ticks for a base-10 logarithmic axis over <c>[min, max]</c> (both &gt; 0). Candidate ticks are
    /// <c>m·10^k</c> for <c>m</c> in the ladder 1..9, then 1-2-5, then 1 (decades, thinned to every 2nd,
    /// 5th, 10th ... decade when needed): the finest ladder whose ticks from the last one ≤ <paramref name="min"/>
    /// to the first one ≥ <paramref name="max"/> number at most <paramref name="maxCount"/> is used, and the
    /// axis spans exactly those ticks. Labels are plain decimals when every tick lies in [10⁻³, 10⁵), else
    /// scientific (<c>10⁻⁴</c>, <c>2×10⁶</c>). A zero-width range is widened to <c>[min/2, 2·max]</c>.
    /// </summary>
    /// <param name="min">Smallest data value, &gt; 0.</param>
    /// <param name="max">Largest data value, ≥ <paramref name="min"/>.</param>
    /// <param name="maxCount">
    /// Most ticks wanted, at least 3: two can be impossible (a range around 1 always brackets 10⁰ between
    /// two powers of ten), while with a stride of S decades the range lies within two aligned blocks
    /// [−S, 0], [0, S] (shifted) once S exceeds its decade span, giving at most three ticks.
    /// </param>
    public static AxisTicks Logarithmic(double min, double max, int maxCount)
    {
        CheckRange(min, max);
        if (!(min > 0)) throw new ArgumentOutOfRangeException(nameof(min), min, "A logarithmic axis needs positive data.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 3);
        if (min == max) (min, max) = (min / 2, max * 2);
        int lowDecade = (int)Math.Floor(Math.Log10(min)) - 1, highDecade = (int)Math.Ceiling(Math.Log10(max)) + 1;
        foreach (int[] ladder in Ladders)
        {
            var ticks = Bracket(LadderTicks(ladder, lowDecade, highDecade, decadeStride: 1), min, max);
            if (ticks.Count <= maxCount) return LogTicks(ticks);
        }
        // Decades only, thinned: stride 1, 2, 5, 10, 20, ... decades, aligned to multiples of the stride.
        for (int stride = 2; ; stride = NextStride(stride))
        {
            int low = FloorTo(lowDecade, stride), high = -FloorTo(-highDecade, stride);
            var ticks = Bracket(LadderTicks([1], low, high, stride), min, max);
            if (ticks.Count <= maxCount) return LogTicks(ticks);
        }
    }

    private static readonly int[][] Ladders = [[1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 5], [1]];

    private static int NextStride(int stride)
    {
        var (mantissa, exponent) = Nice(stride * 1.5, round: false);
        return (int)Decimal10.Value(mantissa, exponent);
    }

    private static int FloorTo(int value, int stride) => (int)Math.Floor(value / (double)stride) * stride;

    /// <summary>All <c>m·10^k</c> for <c>m</c> in the ladder and <c>k</c> in steps of the stride, ascending.</summary>
    private static List<(long M, int E)> LadderTicks(int[] ladder, int lowDecade, int highDecade, int decadeStride)
    {
        var ticks = new List<(long, int)>();
        for (int k = lowDecade; k <= highDecade; k += decadeStride)
            foreach (int m in ladder) ticks.Add((m, k));
        return ticks;
    }

    /// <summary>The run of candidates from the last one ≤ min to the first one ≥ max (compared with a relative slack of 1e-9).</summary>
    private static List<(long M, int E)> Bracket(List<(long M, int E)> candidates, double min, double max)
    {
        int first = 0, last = candidates.Count - 1;
        for (int i = 0; i < candidates.Count; i++)
            if (Decimal10.Value(candidates[i].M, candidates[i].E) <= min * (1 + 1e-9)) first = i;
        for (int i = candidates.Count - 1; i >= 0; i--)
            if (Decimal10.Value(candidates[i].M, candidates[i].E) >= max * (1 - 1e-9)) last = i;
        return candidates.GetRange(first, last - first + 1);
    }

    private static AxisTicks LogTicks(List<(long M, int E)> ticks)
    {
        var values = new double[ticks.Count];
        for (int i = 0; i < values.Length; i++) values[i] = Decimal10.Value(ticks[i].M, ticks[i].E);
        bool plain = values[0] >= 1e-3 && values[^1] < 1e5;
        var labels = new string[ticks.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            var (m, e) = ticks[i];
            labels[i] = plain ? Decimal10.Fixed(m, e) : Decimal10.Scientific(m, e);
        }
        return new AxisTicks(values[0], values[^1], values, labels, Logarithmic: true);
    }

    /// <summary>Heckbert's <c>nicenum</c> as (mantissa in {1, 2, 5}, exponent).</summary>
    internal static (long Mantissa, int Exponent) Nice(double x, bool round)
    {
        if (!double.IsFinite(x) || x <= 0) throw new ArgumentOutOfRangeException(nameof(x), x, "A nice number needs a finite positive value.");
        int exponent = (int)Math.Floor(Math.Log10(x));
        double fraction = x / Decimal10.Value(1, exponent);
        if (fraction >= 10) { exponent++; fraction /= 10; }
        else if (fraction < 1) { exponent--; fraction *= 10; }
        long mantissa = round
            ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
            : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return mantissa == 10 ? (1, exponent + 1) : (mantissa, exponent);
    }

    /// <summary>
    /// Slack, in steps, for floor/ceil of a data limit over the step: 1e-9 steps (so 0.001 / 0.001 computed
    /// as 0.9999999999 still floors to 1) plus four units of roundoff of the quotient's magnitude.
    /// </summary>
    private static double Slack(double quotient) => 1e-9 + 4 * Math.Abs(quotient) * MachineEpsilon;

    private const double MachineEpsilon = 2.220446049250313e-16;

    private static void CheckRange(double min, double max)
    {
        if (!double.IsFinite(min)) throw new ArgumentOutOfRangeException(nameof(min), min, "Axis limits must be finite.");
        if (!double.IsFinite(max)) throw new ArgumentOutOfRangeException(nameof(max), max, "Axis limits must be finite.");
        if (min > max) throw new ArgumentException($"Axis minimum {min} exceeds maximum {max}.", nameof(min));
    }
}
