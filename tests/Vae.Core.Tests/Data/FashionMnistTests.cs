using Vae.Core.Data;

namespace Vae.Core.Tests.Data;

public class FashionMnistTests
{
    private static readonly string[] FileNames =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>
    /// With the Debian package installed, its headers and test split are checked against the published
    /// sizes (60000 and 10000 images of 28×28; the test split has exactly 1000 images per class). Without
    /// it, TryFind must report absence, consistently with the files on disk.
    /// </summary>
    [Fact]
    public void DebianInstallationIsReadWhenPresentAndReportedAbsentOtherwise()
    {
        string? dir = FashionMnist.TryFind();
        bool installed = FileNames.All(n =>
            File.Exists(Path.Combine(FashionMnist.DebianDirectory, n)) || File.Exists(Path.Combine(FashionMnist.DebianDirectory, n + ".gz")));
        if (!installed)
        {
            Assert.Null(dir);
            return;
        }
        Assert.Equal(FashionMnist.DebianDirectory, dir);
        Assert.Equal([60000, 28, 28], IdxFile.ReadHeader(FashionMnist.ImagesPath(dir!, train: true)).Dimensions);
        Assert.Equal([60000], IdxFile.ReadHeader(FashionMnist.LabelsPath(dir!, train: true)).Dimensions);
        Assert.Equal([10000, 28, 28], IdxFile.ReadHeader(FashionMnist.ImagesPath(dir!, train: false)).Dimensions);
        var test = FashionMnist.Load<float>(dir!, train: false);
        Assert.Equal(10000, test.Count);
        Assert.Equal(784, test.Dimension);
        Assert.Equal(Enumerable.Repeat(1000, 10), test.Labels!.CountBy(l => l).OrderBy(p => p.Key).Select(p => p.Value));
        var x = test.Features.ReadOnlySpan;
        Assert.Equal(0f, System.Numerics.Tensors.TensorPrimitives.Min(x));
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Max(x));
    }

    [Fact]
    public void SyntheticDirectoryWithMixedPlainAndGzipFilesIsFoundAndLoaded()
    {
        using var dir = new TempDirectory();
        var train = IdxBytes.RandomBytes(3 * 784, 31);
        IdxFile.Write(dir.File("train-images-idx3-ubyte.gz"), [3, 28, 28], train);
        IdxFile.Write(dir.File("train-labels-idx1-ubyte"), [3], [9, 0, 4]);
        IdxFile.Write(dir.File("t10k-images-idx3-ubyte"), [1, 28, 28], new byte[784]);
        Assert.Null(FashionMnist.TryFind(dir.Path)); // the test labels are still missing
        IdxFile.Write(dir.File("t10k-labels-idx1-ubyte.gz"), [1], [2]);
        Assert.Equal(dir.Path, FashionMnist.TryFind(dir.Path));
        Assert.Equal(dir.File("train-images-idx3-ubyte.gz"), FashionMnist.ImagesPath(dir.Path, train: true));
        Assert.Equal(dir.File("t10k-images-idx3-ubyte"), FashionMnist.ImagesPath(dir.Path, train: false));

        var data = FashionMnist.Load<float>(dir.Path);
        Assert.Equal(3, data.Count);
        Assert.Equal(784, data.Dimension);
        Assert.Equal([9, 0, 4], data.Labels!);
        for (int i = 0; i < train.Length; i++) Assert.Equal(train[i] / 255f, data.Features[i]);
        Assert.Equal([2], FashionMnist.Load<double>(dir.Path, train: false).Labels!);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[9]);
    }

    [Fact]
    public void TheByteBackedSplitsGiveTheRowsAndLabelsOfLoad()
    {
        using var dir = new TempDirectory();
        IdxFile.Write(dir.File("train-images-idx3-ubyte.gz"), [5, 28, 28], IdxBytes.RandomBytes(5 * 784, 32));
        IdxFile.Write(dir.File("train-labels-idx1-ubyte"), [5], [9, 0, 4, 4, 1]);
        IdxFile.Write(dir.File("t10k-images-idx3-ubyte"), [2, 28, 28], IdxBytes.RandomBytes(2 * 784, 33));
        IdxFile.Write(dir.File("t10k-labels-idx1-ubyte.gz"), [2], [2, 7]);
        foreach (bool train in (bool[])[true, false])
        {
            var values = FashionMnist.Load<float>(dir.Path, train);
            var bytes = FashionMnist.LoadImageDataset<float>(dir.Path, train);
            Assert.Equal((values.Count, 784), (bytes.Count, bytes.Dimension));
            Assert.Equal(values.Labels!, bytes.Labels!);
            var rows = Enumerable.Range(0, bytes.Count).Reverse().ToArray();
            var features = new float[rows.Length * 784];
            bytes.CopyRows(rows, features, default, new int[rows.Length]);
            Assert.Equal(values.Select(rows).Features.ToArray(), features);
        }
    }

    [Fact]
    public void WrongImageSizeAndMissingFilesAreReported()
    {
        using var dir = new TempDirectory();
        IdxFile.Write(dir.File("train-images-idx3-ubyte.gz"), [2, 28, 27], new byte[2 * 28 * 27]);
        IdxFile.Write(dir.File("train-labels-idx1-ubyte"), [2], [0, 1]);
        var e = Assert.Throws<IdxFormatException>(() => FashionMnist.Load<float>(dir.Path));
        Assert.Contains(dir.File("train-images-idx3-ubyte.gz"), e.Message);
        Assert.Equal(12, e.Offset); // the third dimension, 27, is wrong
        Assert.True(e.Decompressed);
        e = Assert.Throws<IdxFormatException>(() => FashionMnist.LoadImageDataset<float>(dir.Path));
        Assert.Equal((dir.File("train-images-idx3-ubyte.gz"), 12L), (e.FilePath, e.Offset));
        var missing = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load<float>(dir.Path, train: false));
        Assert.Contains("t10k-images-idx3-ubyte", missing.Message);
        Assert.Contains(dir.Path, missing.Message);
    }
}
