namespace Vae.Figures.Charts;

/// <summary>Argument checks shared by the charts, with messages naming the chart, the member and the rule.</summary>
internal static class ChartChecks
{
    public static void Size(string chart, string member, double value, double minimum)
    {
        if (!double.IsFinite(value) || value < minimum)
            throw new ArgumentException($"{chart}.{member} must be a finite number ≥ {minimum}; got {value}.");
    }

    public static void NotNull(string chart, string member, object? value)
    {
        if (value is null) throw new ArgumentException($"{chart}.{member} must not be null.");
    }

    public static void Palette(string chart, IReadOnlyList<string>? palette, int needed)
    {
        NotNull(chart, "Palette", palette);
        if (palette!.Count < needed)
            throw new ArgumentException($"{chart} needs {needed} colours but its palette has {palette.Count}; pass a larger Palette.");
        for (int i = 0; i < needed; i++)
            if (string.IsNullOrWhiteSpace(palette[i])) throw new ArgumentException($"{chart}.Palette[{i}] is empty.");
    }
}
