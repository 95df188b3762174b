using System.Numerics;

namespace Vae.Core.Data;

/// <summary>
/// Zalando's Fashion-MNIST (28×28 grey images of clothing, 60000 training and 10000 test, ten
/// classes) from its four IDX files, plain or gzip-compressed, as installed by the Debian package
/// <c>dataset-fashion-mnist</c> in <see cref="DebianDirectory"/> or in any directory given.
/// </summary>
/// <remarks>
/// <see cref="Load{T}"/> reads a split into memory as values ([n, 784] in [0, 1]);
/// <see cref="LoadImageDataset{T}"/> keeps it as bytes (a quarter of the memory of float32) and
/// converts rows as they are copied out, to the same values. To stream from disk instead, decompress the
/// images once with <see cref="IdxFile.Decompress"/> and open an <see cref="IdxImageSource{T}"/> on the
/// plain file.
/// </remarks>
public static class FashionMnist
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The image side in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>The class names in label order 0..9.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// The directory holding all four files (each plain or with <c>.gz</c>): <paramref name="directory"/>
    /// when given, else <see cref="DebianDirectory"/>; null when some file is absent.
    /// </summary>
    public static string? TryFind(string? directory = null)
    {
        string dir = directory ?? DebianDirectory;
        foreach (bool train in (bool[])[true, false])
            if (Locate(dir, ImagesName(train)) is null || Locate(dir, LabelsName(train)) is null) return null;
        return dir;
    }

    /// <summary>The path of the training (or test) images in <paramref name="directory"/>, plain preferred over <c>.gz</c>.</summary>
    /// <exception cref="FileNotFoundException">Neither the plain nor the compressed file exists.</exception>
    public static string ImagesPath(string directory, bool train) => Require(directory, ImagesName(train));

    /// <summary>The path of the training (or test) labels in <paramref name="directory"/>, plain preferred over <c>.gz</c>.</summary>
    /// <exception cref="FileNotFoundException">Neither the plain nor the compressed file exists.</exception>
    public static string LabelsPath(string directory, bool train) => Require(directory, LabelsName(train));

    /// <summary>The training (or test) split from <paramref name="directory"/>: images [n, 784] scaled to [0, 1] and labels 0..9.</summary>
    /// <exception cref="FileNotFoundException">A file is absent.</exception>
    /// <exception cref="IdxFormatException">A file is malformed or the images are not 28×28.</exception>
    public static Dataset<T> Load<T>(string directory, bool train = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(directory);
        string path = ImagesPath(directory, train);
        return IdxFile.ToDataset<T>(ReadImages(path), path, LabelsPath(directory, train));
    }

    /// <summary>
    /// The training (or test) split from <paramref name="directory"/> kept as bytes: 784 per image, scaled to
    /// [0, 1] only as rows are copied out (bit-identical to <see cref="Load{T}"/>'s values), and labels 0..9.
    /// </summary>
    /// <remarks>
    /// The training images take 47 MB this way instead of 188 MB as float32 (376 MB as float64): the
    /// source to train on when memory matters. Loading decompresses straight into one byte array.
    /// </remarks>
    /// <exception cref="FileNotFoundException">A file is absent.</exception>
    /// <exception cref="IdxFormatException">A file is malformed or the images are not 28×28.</exception>
    public static ImageDataset<T> LoadImageDataset<T>(string directory, bool train = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(directory);
        string path = ImagesPath(directory, train);
        return ImageDataset<T>.FromIdx(ReadImages(path), path, LabelsPath(directory, train));
    }

    /// <summary>Reads the image file at <paramref name="path"/>, checking that its images are 28×28.</summary>
    private static IdxArray ReadImages(string path)
    {
        var images = IdxFile.Read(path);
        var dims = images.Header.Dimensions;
        if (dims.Count != 3 || dims[1] != ImageSize || dims[2] != ImageSize)
            throw new IdxFormatException(path, dims.Count != 3 ? 3 : dims[1] != ImageSize ? 8 : 12, images.Compressed,
                $"Fashion-MNIST images have dimensions [n, {ImageSize}, {ImageSize}]; this file has {images.Header}.");
        return images;
    }

    private static string ImagesName(bool train) => (train ? "train" : "t10k") + "-images-idx3-ubyte";

    private static string LabelsName(bool train) => (train ? "train" : "t10k") + "-labels-idx1-ubyte";

    private static string? Locate(string directory, string name)
    {
        string plain = Path.Combine(directory, name);
        return File.Exists(plain) ? plain : File.Exists(plain + ".gz") ? plain + ".gz" : null;
    }

    private static string Require(string directory, string name) =>
        Locate(directory, name) ?? throw new FileNotFoundException(
            $"Fashion-MNIST file '{name}' (or '{name}.gz') is not in '{directory}'.", Path.Combine(directory, name));
}
