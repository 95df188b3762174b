using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Data;

/// <summary>
/// The default dataset, embedded in the library: scikit-learn's 8×8 handwritten digits (1797 images,
/// 64 pixels, labels 0..9; the UCI optdigits test set). See <c>Data/Resources/DIGITS.md</c>.
/// </summary>
public static class Digits
{
    /// <summary>The number of images.</summary>
    public const int Count = 1797;

    /// <summary>The number of pixels per image (8 × 8).</summary>
    public const int Dimension = 64;

    /// <summary>The largest raw pixel value (a pixel counts the set pixels of a 4×4 block).</summary>
    public const int MaxPixel = 16;

    /// <summary>The images as rows [1797, 64] (row-major 8×8) scaled to [0, 1] by dividing by 16, with labels 0..9.</summary>
    public static Dataset<T> Load<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = EmbeddedData.OpenGzip("digits.csv.gz");
        var table = CsvReader.Read(stream, "embedded digits.csv.gz", hasHeader: false);
        EmbeddedData.CheckShape(table, Count, Dimension + 1);
        var data = table.ToDataset<T>(Dimension);
        TP.Divide(data.Features.Span, T.CreateTruncating(MaxPixel), data.Features.Span);
        return data;
    }
}
