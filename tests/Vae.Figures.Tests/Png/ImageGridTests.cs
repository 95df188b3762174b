using Vae.Core.Tensors;
using Vae.Figures.Png;

namespace Vae.Figures.Tests.Png;

public class ImageGridTests
{
    /// <summary>Image k's pixel (r, c) holds (10k + r·w + c) / 100, distinct for the sizes used here.</summary>
    private static Tensor<float> Numbered(int n, int h, int w)
    {
        var t = Tensor<float>.Zeros(n, h * w);
        for (int k = 0; k < n; k++)
            for (int i = 0; i < h * w; i++) t[k, i] = (10 * k + i) / 100f;
        return t;
    }

    /// <summary>
    /// 5 images of 2×3, default columns ceil(√5) = 3, so 2 rows; padding 1, scale 2:
    /// width 3·(3·2) + 4·1 = 22, height 2·(2·2) + 3·1 = 11. Every output pixel is checked against the
    /// inverse map: which cell it falls in, whether it is padding, and which source pixel it enlarges.
    /// </summary>
    [Fact]
    public void TilesAndUpscalesEveryPixelWhereTheInverseMapSays()
    {
        const int n = 5, h = 2, w = 3, padding = 1, scale = 2;
        var images = Numbered(n, h, w);
        var decoded = ReferencePngDecoder.Decode(ImageGrid.Tile(images, h, w, padding: padding, scale: scale, paddingLevel: 1).Encode());
        Assert.Equal((22, 11, 0), (decoded.Width, decoded.Height, decoded.ColorType));
        for (int y = 0; y < decoded.Height; y++)
            for (int x = 0; x < decoded.Width; x++)
            {
                int cellX = (x - padding) / (w * scale + padding), inX = (x - padding) % (w * scale + padding);
                int cellY = (y - padding) / (h * scale + padding), inY = (y - padding) % (h * scale + padding);
                bool inside = x >= padding && y >= padding && inX < w * scale && inY < h * scale;
                int k = cellY * 3 + cellX;
                byte expected = inside && k < n
                    ? (byte)Math.Round(255 * images[k, (inY / scale) * w + inX / scale], MidpointRounding.AwayFromZero)
                    : (byte)255;
                Assert.True(expected == decoded.Pixels[y * decoded.Width + x], $"pixel ({x}, {y}): expected {expected}, got {decoded.Pixels[y * decoded.Width + x]}");
            }
    }

    /// <summary>Grey levels: 255·v rounded half away from zero after clamping: 0 → 0, 1 → 255, 0.5 → 127.5 → 128, 0.2 → 51, −3 → 0, 7 → 255.</summary>
    [Fact]
    public void ValuesMapToGreyLevelsWithClamping()
    {
        var images = Tensor<double>.FromArray([0, 1, 0.5, 0.2, -3, 7], 1, 6);
        var decoded = ReferencePngDecoder.Decode(ImageGrid.Tile(images, 1, 6, padding: 0).Encode());
        Assert.Equal(new byte[] { 0, 255, 128, 51, 0, 255 }, decoded.Pixels);
    }

    [Fact]
    public void AcceptsImageShapedTensorsAndExplicitColumns()
    {
        var flat = Numbered(4, 3, 2);
        var shaped = flat.Reshape(new Shape(4, 1, 3, 2));
        var a = ImageGrid.Tile(flat, 3, 2, columns: 4, padding: 2);
        var b = ImageGrid.Tile(shaped, 3, 2, columns: 4, padding: 2);
        Assert.Equal((4 * 2 + 5 * 2, 3 + 2 * 2), (a.Width, a.Height));
        Assert.Equal(a.Encode(), b.Encode());
    }

    [Fact]
    public void RejectsMismatchedShapesNaNAndBadParameters()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageGrid.Tile(Tensor<float>.Zeros(3, 10), 3, 3));
        Assert.Contains("does not hold 3 images of 3×3", e.Message);
        var nan = Tensor<float>.Zeros(2, 4);
        nan[1, 2] = float.NaN;
        e = Assert.Throws<ArgumentException>(() => ImageGrid.Tile(nan, 2, 2));
        Assert.Contains("Image 1 has NaN at row 1, column 0", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Tile(Tensor<float>.Zeros(1, 4), 2, 2, scale: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Tile(Tensor<float>.Zeros(1, 4), 2, 2, paddingLevel: 1.5));
    }
}
