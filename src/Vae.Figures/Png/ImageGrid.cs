using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Figures.Png;

/// <summary>
/// Tiles greyscale images with values in [0, 1] (e.g. MNIST digits, the rows of a <c>[n, 784]</c> tensor)
/// into one picture: a grid separated and framed by padding lines, each image optionally enlarged by
/// nearest-neighbour upscaling so small images stay visible.
/// </summary>
public static class ImageGrid
{
    /// <summary>
    /// The grid of the <c>n = images.Shape[0]</c> images in <paramref name="images"/> (shape <c>[n, h·w]</c>,
    /// <c>[n, h, w]</c> or <c>[n, 1, h, w]</c>: each image is <c>h·w</c> consecutive values, row-major), laid out
    /// row by row. A value <c>v</c> becomes grey level <c>round(255 · clamp(v, 0, 1))</c>. The picture is
    /// <c>columns · w · scale + (columns + 1) · padding</c> pixels wide and likewise high for
    /// <c>rows = ceil(n / columns)</c>; padding lines and unused cells have grey <paramref name="paddingLevel"/>.
    /// </summary>
    /// <param name="images">The images; NaN values are rejected.</param>
    /// <param name="height">Height <c>h</c> of one image in pixels.</param>
    /// <param name="width">Width <c>w</c> of one image in pixels.</param>
    /// <param name="columns">Images per row; 0 (the default) picks <c>ceil(√n)</c>.</param>
    /// <param name="padding">Width in pixels of the lines between and around images (default 1; 0 for none).</param>
    /// <param name="scale">Integer nearest-neighbour enlargement of every image (default 1).</param>
    /// <param name="paddingLevel">Grey level of padding in [0, 1] (default 0.5, visible against both black and white digits).</param>
    /// <exception cref="ArgumentException">The shape does not hold whole <c>h×w</c> images, a parameter is out of range, or a value is NaN.</exception>
    public static PngImage Tile<T>(Tensor<T> images, int height, int width, int columns = 0, int padding = 1, int scale = 1, double paddingLevel = 0.5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (!(paddingLevel >= 0 && paddingLevel <= 1))
            throw new ArgumentOutOfRangeException(nameof(paddingLevel), paddingLevel, "The padding grey level must lie in [0, 1].");
        if (images.Shape.Rank < 1 || images.Shape[0] < 1)
            throw new ArgumentException($"Expected at least one image along the first axis; got shape {images.Shape}.", nameof(images));
        int n = images.Shape[0];
        if ((long)n * height * width != images.Size)
            throw new ArgumentException($"Shape {images.Shape} does not hold {n} images of {height}×{width} ({(long)n * height * width} values); it has {images.Size}.", nameof(images));

        if (columns == 0) columns = (int)Math.Ceiling(Math.Sqrt(n));
        columns = Math.Min(columns, n);
        int rows = (n + columns - 1) / columns;
        int tileW = width * scale, tileH = height * scale;
        long outW = (long)columns * tileW + (long)(columns + 1) * padding;
        long outH = (long)rows * tileH + (long)(rows + 1) * padding;
        if (outW * outH > Array.MaxLength || outW > int.MaxValue || outH > int.MaxValue)
            throw new ArgumentException($"A {outW}×{outH} grid is too large.");

        var pixels = new byte[outW * outH];
        Array.Fill(pixels, Level(paddingLevel));
        var values = images.ReadOnlySpan;
        var levels = new byte[width];
        for (int k = 0; k < n; k++)
        {
            int left = padding + (k % columns) * (tileW + padding), top = padding + (k / columns) * (tileH + padding);
            for (int r = 0; r < height; r++)
            {
                var source = values.Slice((k * height + r) * width, width);
                for (int c = 0; c < width; c++)
                {
                    double v = double.CreateTruncating(source[c]);
                    if (double.IsNaN(v)) throw new ArgumentException($"Image {k} has NaN at row {r}, column {c}.", nameof(images));
                    levels[c] = Level(v);
                }
                var first = pixels.AsSpan((int)((top + r * scale) * outW + left), tileW);
                for (int c = 0; c < width; c++) first.Slice(c * scale, scale).Fill(levels[c]);
                for (int s = 1; s < scale; s++) first.CopyTo(pixels.AsSpan((int)((top + r * scale + s) * outW + left), tileW));
            }
        }
        return PngImage.Grayscale((int)outW, (int)outH, pixels);
    }

    /// <summary><c>round(255 · clamp(v, 0, 1))</c>, halves away from zero.</summary>
    internal static byte Level(double v) => (byte)Math.Round(255 * Math.Clamp(v, 0, 1), MidpointRounding.AwayFromZero);
}
