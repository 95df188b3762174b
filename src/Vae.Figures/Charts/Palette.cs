using System.Collections.ObjectModel;

namespace Vae.Figures.Charts;

/// <summary>Categorical colour palettes (CSS hex colours) for series and classes.</summary>
public static class Palette
{
    /// <summary>
    /// Tableau 10 (Tableau's 2016 default, designed by M. Stone to stay distinguishable under the common
    /// colour-vision deficiencies): blue, orange, red, teal, green, yellow, purple, pink, brown, grey.
    /// Ten colours, one per MNIST digit.
    /// </summary>
    public static IReadOnlyList<string> Tableau10 { get; } = new ReadOnlyCollection<string>(
    [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]);

    /// <summary>
    /// Okabe–Ito (M. Okabe and K. Ito, "Color Universal Design", 2002): eight colours distinguishable by
    /// protan, deutan and tritan viewers: orange, sky blue, bluish green, yellow, blue, vermillion,
    /// reddish purple, black.
    /// </summary>
    public static IReadOnlyList<string> OkabeIto { get; } = new ReadOnlyCollection<string>(
    [
        "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000",
    ]);
}
