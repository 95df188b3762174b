namespace Vae.Figures.Png;

/// <summary>How the encoder picks the PNG filter (prediction) of each scanline before compression.</summary>
public enum PngFilterMode
{
    /// <summary>Per row, the filter whose output has the least sum of absolute values as signed bytes (the PNG specification's recommended heuristic).</summary>
    Adaptive,
    /// <summary>Filter type 0 on every row: bytes as they are.</summary>
    None,
    /// <summary>Filter type 1 on every row: difference from the pixel to the left.</summary>
    Sub,
    /// <summary>Filter type 2 on every row: difference from the pixel above.</summary>
    Up,
    /// <summary>Filter type 3 on every row: difference from the mean of left and above.</summary>
    Average,
    /// <summary>Filter type 4 on every row: difference from the Paeth predictor of left, above and upper left.</summary>
    Paeth,
}
