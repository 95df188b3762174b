namespace Vae.Figures.Png;

/// <summary>The PNG colour types this encoder writes, 8 bits per sample; values are the IHDR codes.</summary>
public enum PngColorType : byte
{
    /// <summary>One grey sample per pixel (IHDR colour type 0).</summary>
    Grayscale = 0,
    /// <summary>Red, green, blue samples per pixel (IHDR colour type 2).</summary>
    Rgb = 2,
}
