using Vae.Core.Data;

namespace Vae.Core.Tests.Data;

public class IdxFileTests
{
    private static IdxFormatException AssertIdxError(Action read, string path, long offset, bool decompressed, string fragment)
    {
        var e = Assert.Throws<IdxFormatException>(read);
        Assert.Equal(path, e.FilePath);
        Assert.Equal(offset, e.Offset);
        Assert.Equal(decompressed, e.Decompressed);
        Assert.Contains(path, e.Message);
        Assert.Contains($"byte offset {offset}", e.Message);
        Assert.Contains(fragment, e.Message);
        return e;
    }

    [Theory]
    [InlineData("images.idx")]
    [InlineData("images.idx.gz")]
    public void WriteThenReadRoundTripsAndMatchesTheHandBuiltBytes(string name)
    {
        using var dir = new TempDirectory();
        string path = dir.File(name);
        int[] dims = [7, 3, 5];
        var data = IdxBytes.RandomBytes(7 * 3 * 5, 1);
        IdxFile.Write(path, dims, data);

        var onDisk = File.ReadAllBytes(path);
        var plain = name.EndsWith(".gz") ? IdxBytes.Ungzip(onDisk) : onDisk;
        Assert.Equal(IdxBytes.Build(dims, data), plain);
        Assert.Equal(name.EndsWith(".gz"), onDisk[0] == 0x1F && onDisk[1] == 0x8B);

        var array = IdxFile.Read(path);
        Assert.Equal(dims, array.Header.Dimensions);
        Assert.Equal(IdxHeader.UnsignedByte, array.Header.DataType);
        Assert.Equal(16, array.Header.DataOffset); // 4 + 4·3
        Assert.Equal(105, array.Header.ItemCount);
        Assert.Equal(7, array.Header.RowCount);
        Assert.Equal(15, array.Header.RowLength);
        Assert.Equal(name.EndsWith(".gz"), array.Compressed);
        Assert.Equal(data, array.Data.ToArray());
        Assert.Equal(dims, IdxFile.ReadHeader(path).Dimensions);
    }

    [Fact]
    public void HandBuiltFilesReadBackIncludingAGzipOneAndAnEmptyArray()
    {
        using var dir = new TempDirectory();
        var data = new byte[] { 0, 1, 127, 128, 254, 255 };
        File.WriteAllBytes(dir.File("a"), IdxBytes.Gzip(IdxBytes.Build([2, 3], data)));
        Assert.Equal(data, IdxFile.Read(dir.File("a")).Data.ToArray());
        File.WriteAllBytes(dir.File("empty"), IdxBytes.Build([0, 28, 28], []));
        var empty = IdxFile.Read(dir.File("empty"));
        Assert.Equal(0, empty.Header.ItemCount);
        Assert.Equal(784, empty.Header.RowLength);
    }

    [Fact]
    public void LoadImagesScalesBytesToTheUnitIntervalAndReadsLabels()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("img"), IdxBytes.Build([2, 2, 2], [0, 51, 102, 255, 1, 2, 3, 254]));
        File.WriteAllBytes(dir.File("lab.gz"), IdxBytes.Gzip(IdxBytes.Build([2], [7, 3])));
        var data = IdxFile.LoadImages<double>(dir.File("img"), dir.File("lab.gz"));
        Assert.Equal(2, data.Count);
        Assert.Equal(4, data.Dimension);
        // 51/255 = 0.2 and 102/255 = 0.4 (correctly rounded divisions); 255 maps to exactly 1.
        Assert.Equal([0, 0.2, 0.4, 1, 1 / 255.0, 2 / 255.0, 3 / 255.0, 254 / 255.0], data.Features.ToArray());
        Assert.Equal([7, 3], data.Labels!);
        Assert.Equal([7, 3], IdxFile.ReadLabels(dir.File("lab.gz")));
        Assert.Null(IdxFile.LoadImages<float>(dir.File("img")).Labels);
    }

    [Fact]
    public void DecompressWritesTheSamePlainFile()
    {
        using var dir = new TempDirectory();
        var plain = IdxBytes.Build([4, 6], IdxBytes.RandomBytes(24, 2));
        File.WriteAllBytes(dir.File("x.gz"), IdxBytes.Gzip(plain));
        IdxFile.Decompress(dir.File("x.gz"), dir.File("x"));
        Assert.Equal(plain, File.ReadAllBytes(dir.File("x")));
    }

    [Fact]
    public void BadMagicNamesFileAndOffsetZero()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad");
        var bytes = IdxBytes.Build([2], [1, 2]);
        bytes[1] = 0x05;
        File.WriteAllBytes(path, bytes);
        AssertIdxError(() => IdxFile.Read(path), path, 0, false, "magic");
    }

    [Theory]
    [InlineData(0x09, "signed byte")]
    [InlineData(0x0D, "32-bit float")]
    [InlineData(0x42, "not a valid IDX type")]
    public void UnsupportedTypeNamesFileOffsetTwoAndTheType(byte code, string typeName)
    {
        using var dir = new TempDirectory();
        string path = dir.File("typed.gz");
        File.WriteAllBytes(path, IdxBytes.Gzip(IdxBytes.Build([1], [0], code)));
        AssertIdxError(() => IdxFile.ReadHeader(path), path, 2, true, typeName);
    }

    [Fact]
    public void ZeroDimensionsNamesOffsetThree()
    {
        using var dir = new TempDirectory();
        string path = dir.File("rank0");
        File.WriteAllBytes(path, [0, 0, 8, 0]);
        AssertIdxError(() => IdxFile.Read(path), path, 3, false, "number of dimensions is 0");
    }

    [Fact]
    public void HeaderCutShortNamesWhereTheFileEnds()
    {
        using var dir = new TempDirectory();
        string path = dir.File("short");
        // Rank 3 promises 12 dimension bytes at offsets 4..15; the file stops after offset 9 (10 bytes).
        File.WriteAllBytes(path, IdxBytes.Build([5, 28, 28], [])[..10]);
        AssertIdxError(() => IdxFile.Read(path), path, 10, false, "dimension 1 of 3");
        File.WriteAllBytes(path, [0, 0]);
        AssertIdxError(() => IdxFile.ReadHeader(path), path, 2, false, "magic number");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedDataNamesTheOffsetWhereTheDataEnd(bool gzip)
    {
        using var dir = new TempDirectory();
        string path = dir.File("trunc");
        // Dimensions [3, 4] need 12 data bytes from offset 12; only 9 are present, so the data end at 21.
        var plain = IdxBytes.Build([3, 4], IdxBytes.RandomBytes(12, 3))[..21];
        File.WriteAllBytes(path, gzip ? IdxBytes.Gzip(plain) : plain);
        AssertIdxError(() => IdxFile.Read(path), path, 21, gzip, "truncated");
        AssertIdxError(() => IdxFile.Decompress(path, dir.File("out")), path, 21, gzip, "truncated");
    }

    [Fact]
    public void TrailingBytesAreReportedAsMisShaped()
    {
        using var dir = new TempDirectory();
        string path = dir.File("long");
        File.WriteAllBytes(path, IdxBytes.Build([2, 2], [1, 2, 3, 4, 5]));
        // 4 declared bytes from offset 12 end at 16; a fifth byte follows.
        AssertIdxError(() => IdxFile.Read(path), path, 16, false, "mis-shaped");
    }

    [Fact]
    public void CorruptGzipDataNameTheFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("corrupt.gz");
        var gz = IdxBytes.Gzip(IdxBytes.Build([100], IdxBytes.RandomBytes(100, 4)));
        // Keep the 10-byte gzip header and replace the deflate stream with an invalid block type (0b11).
        for (int i = 10; i < gz.Length; i++) gz[i] = 0xFF;
        File.WriteAllBytes(path, gz);
        var e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt gzip data", e.Message);
        Assert.Contains($"byte offset {e.Offset} of the decompressed stream", e.Message);
    }

    [Fact]
    public void LabelFilesMustBeRankOneAndMatchTheImageCount()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("img"), IdxBytes.Build([3, 2], new byte[6]));
        File.WriteAllBytes(dir.File("lab2"), IdxBytes.Build([2, 1], [1, 2]));
        AssertIdxError(() => IdxFile.LoadImages<float>(dir.File("img"), dir.File("lab2")), dir.File("lab2"), 3, false, "1 dimension");
        File.WriteAllBytes(dir.File("lab.gz"), IdxBytes.Gzip(IdxBytes.Build([2], [1, 2])));
        var e = AssertIdxError(() => IdxFile.LoadImages<float>(dir.File("img"), dir.File("lab.gz")), dir.File("lab.gz"), 4, true, "2 labels");
        Assert.Contains(dir.File("img"), e.Message);
    }

    [Fact]
    public void WriteRejectsDataThatDoNotMatchTheDimensions()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => IdxFile.Write(dir.File("w"), [2, 3], new byte[5]));
        Assert.Throws<ArgumentException>(() => IdxFile.Write(dir.File("w"), [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdxFile.Write(dir.File("w"), [-1], []));
    }

    [Fact]
    public void CutGzipFileIsReportedAsTruncatedAtTheDecompressedOffset()
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.gz");
        var gz = IdxBytes.Gzip(IdxBytes.Build([1000], IdxBytes.RandomBytes(1000, 5)));
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);
        var e = Assert.Throws<IdxFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.True(e.Decompressed);
        Assert.Contains("truncated", e.Message);
        Assert.InRange(e.Offset, 8, 8 + 999);
    }
}
