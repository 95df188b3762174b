using Vae.Cli.Data;
using Vae.Core.Data;
using Vae.Core.Tensors;
using Vae.Figures.Png;

namespace Vae.Cli.Output;

/// <summary>
/// Image grids of rows of image data (the digits' 8×8, Fashion-MNIST's 28×28, an IDX file's h×w) as PNG,
/// through <see cref="ImageGrid"/>: grey level round(255·clamp(v, 0, 1)), one-pixel grey padding, each
/// image enlarged by an integer factor to at least 32 pixels where it is smaller (×4 for the digits).
/// </summary>
internal static class PngOutput
{
    private const int MinimumTile = 32;

    /// <summary>The height and width of one image of <paramref name="data"/>.</summary>
    /// <exception cref="UsageException">The data are not images (CSV, or an IDX file of rank other than 3).</exception>
    public static (int Height, int Width) ImageShape(LoadedData data)
    {
        var settings = data.Settings;
        switch (settings.Format)
        {
            case DataFormats.Digits:
                return (8, 8);
            case DataFormats.FashionMnist:
                return (28, 28);
            case DataFormats.Idx when IdxFile.ReadHeader(settings.Source).Dimensions is [_, int height, int width]:
                return (height, width);
            default:
                throw new UsageException($"--png needs image data (digits, fashion-mnist or an IDX file of [n, height, width] images); this run's data are '{settings.Source}'.");
        }
    }

    /// <summary>Writes the rows of <paramref name="images"/> [n, h·w] as a grid of ⌈√n⌉ columns to <paramref name="path"/>.</summary>
    public static void Grid(string path, Tensor<float> images, (int Height, int Width) shape) =>
        ImageGrid.Tile(images, shape.Height, shape.Width, scale: Scale(shape)).Save(path);

    /// <summary>
    /// Writes each row of <paramref name="originals"/> followed by the same row of <paramref name="reconstructions"/>
    /// (both [n, h·w]), ⌈√n⌉ such pairs to a grid row, to <paramref name="path"/>.
    /// </summary>
    public static void Pairs(string path, Tensor<float> originals, Tensor<float> reconstructions, (int Height, int Width) shape)
    {
        int n = originals.Shape[0], d = originals.Shape[1];
        var pairs = new Tensor<float>(new Shape(2 * n, d));
        for (int i = 0; i < n; i++)
        {
            originals.ReadOnlySpan.Slice(i * d, d).CopyTo(pairs.Span.Slice(2 * i * d, d));
            reconstructions.ReadOnlySpan.Slice(i * d, d).CopyTo(pairs.Span.Slice((2 * i + 1) * d, d));
        }
        ImageGrid.Tile(pairs, shape.Height, shape.Width, columns: 2 * (int)Math.Ceiling(Math.Sqrt(n)), scale: Scale(shape)).Save(path);
    }

    /// <summary>The enlargement that brings the larger side to at least <see cref="MinimumTile"/> pixels (1 when it already is).</summary>
    private static int Scale((int Height, int Width) shape) => Math.Max(1, (MinimumTile + Math.Max(shape.Height, shape.Width) - 1) / Math.Max(shape.Height, shape.Width));
}
