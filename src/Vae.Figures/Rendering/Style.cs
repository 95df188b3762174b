namespace Vae.Figures.Rendering;

/// <summary>Fixed typography, colours and spacing shared by every chart (pixels).</summary>
internal static class Style
{
    public const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    public const string Background = "#ffffff";
    public const string TextColor = "#222222";
    public const string AxisColor = "#444444";
    public const string GridColor = "#e5e5e5";
    public const string LegendBorder = "#bbbbbb";

    public const double TitleSize = 16, PanelTitleSize = 13, AxisTitleSize = 13, TickLabelSize = 11, LegendSize = 12;
    public const double Pad = 10, TickLength = 5, TickGap = 3, AxisTitleGap = 6;
    public const double AxisWidth = 1, GridWidth = 1, LineWidth = 1.75;

    /// <summary>Baseline drop below a line's top, and the height above a baseline, as fractions of the font size (DejaVu Sans ascent of digits and capitals ≈ 0.73 em; descent ≈ 0.24 em).</summary>
    public const double Ascent = 0.76, Descent = 0.24;

    /// <summary>Half the height of a DejaVu Sans digit (0.729 em): the baseline offset that centres a number on a point.</summary>
    public const double HalfDigitHeight = 0.365;

    /// <summary>Legend geometry: inner padding, swatch length, gap to the text, row pitch.</summary>
    public const double LegendPad = 8, LegendSwatch = 22, LegendGap = 6, LegendRow = 18, LegendInset = 8;
}
