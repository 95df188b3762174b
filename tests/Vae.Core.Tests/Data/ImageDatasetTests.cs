using System.Runtime.InteropServices;
using Vae.Core.Data;

namespace Vae.Core.Tests.Data;

public class ImageDatasetTests
{
    private const int Rows = 37, Height = 3, Width = 5, Dimension = Height * Width;

    /// <summary>Hand-built image and label files ([37, 3, 5] random bytes; labels 0..9), plain or gzip.</summary>
    private static (string Images, string LabelsPath, byte[] Pixels, byte[] LabelBytes) Write(TempDirectory dir, bool gzip)
    {
        var pixels = IdxBytes.RandomBytes(Rows * Dimension, 41);
        var labels = Enumerable.Range(0, Rows).Select(i => (byte)(i * 7 % 10)).ToArray();
        byte[] images = IdxBytes.Build([Rows, Height, Width], pixels), labelFile = IdxBytes.Build([Rows], labels);
        string suffix = gzip ? ".gz" : "";
        File.WriteAllBytes(dir.File("images" + suffix), gzip ? IdxBytes.Gzip(images) : images);
        File.WriteAllBytes(dir.File("labels" + suffix), gzip ? IdxBytes.Gzip(labelFile) : labelFile);
        return (dir.File("images" + suffix), dir.File("labels" + suffix), pixels, labels);
    }

    /// <summary>Rows in order, reversed, with repeats, as runs broken in the middle, and at random with repeats.</summary>
    private static IEnumerable<int[]> RowLists()
    {
        yield return [.. Enumerable.Range(0, Rows)];
        yield return [.. Enumerable.Range(0, Rows).Reverse()];
        yield return [3, 3, 3];
        yield return [10, 11, 12, 30, 31, 0, 1, 2, 36];
        var random = new System.Random(5);
        yield return [.. Enumerable.Range(0, 64).Select(_ => random.Next(Rows))];
        yield return [];
    }

    private static (T[] Features, int[] Labels) Copy<T>(IRowSource<T> source, int[] rows) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var features = new T[rows.Length * source.Dimension];
        var labels = new int[source.HasLabels ? rows.Length : 0];
        source.CopyRows(rows, features, default, labels);
        return (features, labels);
    }

    private static void AssertSameRows<T>(IRowSource<T> expected, IRowSource<T> actual, int[] rows) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var (expectedFeatures, expectedLabels) = Copy(expected, rows);
        var (actualFeatures, actualLabels) = Copy(actual, rows);
        Assert.Equal(expectedFeatures, actualFeatures);
        Assert.Equal(expectedLabels, actualLabels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rows_equal_those_of_the_float_and_double_datasets_of_the_same_file_bit_for_bit(bool gzip)
    {
        using var dir = new TempDirectory();
        var (images, labels, pixels, labelBytes) = Write(dir, gzip);
        var bytes = ImageDataset<float>.Load(images, labels);
        var floats = IdxFile.LoadImages<float>(images, labels);
        var doubles = IdxFile.LoadImages<double>(images, labels);
        Assert.Equal(Rows, bytes.Count);
        Assert.Equal(Dimension, bytes.Dimension);
        Assert.True(bytes.HasLabels);
        Assert.False(bytes.HasMask);
        Assert.Equal(pixels, bytes.Pixels.ToArray());
        Assert.Equal(labelBytes.Select(b => (int)b), bytes.Labels!);
        var bytesAsDoubles = ImageDataset<double>.Load(images, labels);
        foreach (var rows in RowLists())
        {
            // Exact equality: the conversion must be the very one of the float dataset.
            AssertSameRows(floats, bytes, rows);
            AssertSameRows(doubles, bytesAsDoubles, rows);
        }
    }

    [Fact]
    public void Every_byte_value_becomes_its_correctly_rounded_quotient_by_255()
    {
        var pixels = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var floats = Copy(new ImageDataset<float>(pixels, 256, 1), [.. Enumerable.Range(0, 256)]).Features;
        var doubles = Copy(new ImageDataset<double>(pixels, 256, 1), [.. Enumerable.Range(0, 256)]).Features;
        for (int b = 0; b < 256; b++)
        {
            // IEEE division of two exactly representable values is correctly rounded, scalar or not.
            Assert.Equal(b / 255f, floats[b]);
            Assert.Equal(b / 255.0, doubles[b]);
        }
        Assert.Equal(1f, floats[255]);
        Assert.Equal(0.2, doubles[51]); // 51/255 = 1/5 exactly, so the nearest double of 0.2
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Batches_from_the_bytes_equal_batches_from_the_float_dataset_with_and_without_binarisation(bool binarize)
    {
        using var dir = new TempDirectory();
        var (images, labels, _, _) = Write(dir, gzip: false);
        var fromBytes = new MiniBatcher<float>(ImageDataset<float>.Load(images, labels), 8, seed: 13, binarize: binarize);
        var fromFloats = new MiniBatcher<float>(IdxFile.LoadImages<float>(images, labels), 8, seed: 13, binarize: binarize);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            // Batches are overwritten by the next step: copy each out as it comes.
            var expected = fromFloats.Epoch(epoch).Select(b => (Rows: b.Indices.ToArray(), X: b.Features.ToArray(), Y: b.Labels!.ToArray())).ToList();
            var actual = fromBytes.Epoch(epoch).Select(b => (Rows: b.Indices.ToArray(), X: b.Features.ToArray(), Y: b.Labels!.ToArray())).ToList();
            Assert.Equal(5, actual.Count); // 37 rows in batches of 8: four full and one of 5
            for (int i = 0; i < actual.Count; i++)
            {
                Assert.Equal(expected[i].Rows, actual[i].Rows);
                Assert.Equal(expected[i].X, actual[i].X);
                Assert.Equal(expected[i].Y, actual[i].Y);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loading_allocates_the_image_bytes_once_and_no_float_copy(bool gzip)
    {
        using var dir = new TempDirectory();
        const int count = 2000, bytes = count * 784;
        string path = dir.File(gzip ? "large.gz" : "large");
        IdxFile.Write(path, [count, 28, 28], IdxBytes.RandomBytes(bytes, 3));
        ImageDataset<float>.Load(path); // warm up: JIT and the first use of the decompressor
        long allocated = AllocationProbe.Quietest(() => ImageDataset<float>.Load(path));
        // The one array of 1 568 000 image bytes plus the file stream's 4 KiB buffer and small objects
        // (measured: 1 572 704 bytes plain, 1 572 952 gzip). A float copy would add 4 · 1 568 000 bytes;
        // copying through a 64 KiB chunk, as reading did before, measured 1 638 328.
        Assert.InRange(allocated, bytes, bytes + 16_384);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_and_overlong_files_and_a_wrong_label_count_name_the_file_and_the_offset(bool gzip)
    {
        using var dir = new TempDirectory();
        byte[] Maybe(byte[] plain) => gzip ? IdxBytes.Gzip(plain) : plain;
        string truncated = dir.File("truncated"), overlong = dir.File("overlong"), labels = dir.File("labels");
        File.WriteAllBytes(truncated, Maybe(IdxBytes.Build([4, 2, 2], new byte[16])[..^2])); // 14 of 16 data bytes
        File.WriteAllBytes(overlong, Maybe([.. IdxBytes.Build([4, 2, 2], new byte[16]), 9])); // one byte too many
        File.WriteAllBytes(labels, Maybe(IdxBytes.Build([3], [1, 2, 3]))); // 3 labels for 4 images

        var e = Assert.Throws<IdxFormatException>(() => ImageDataset<float>.Load(truncated));
        Assert.Equal((truncated, 30L, gzip), (e.FilePath, e.Offset, e.Decompressed)); // 16 header bytes + 14 data bytes
        Assert.Contains($"IDX file '{truncated}', byte offset 30", e.Message);
        Assert.Contains("truncated", e.Message);

        e = Assert.Throws<IdxFormatException>(() => ImageDataset<float>.Load(overlong));
        Assert.Equal((overlong, 32L, gzip), (e.FilePath, e.Offset, e.Decompressed)); // the data end at 16 + 16
        Assert.Contains("mis-shaped", e.Message);

        File.WriteAllBytes(overlong, Maybe(IdxBytes.Build([4, 2, 2], new byte[16])));
        e = Assert.Throws<IdxFormatException>(() => ImageDataset<float>.Load(overlong, labels));
        Assert.Equal((labels, 4L), (e.FilePath, e.Offset)); // the label file's first dimension
        Assert.Contains($"holds 3 labels but the image file '{overlong}' holds 4 images", e.Message);
    }

    [Fact]
    public void Rows_outside_the_range_and_spans_of_the_wrong_length_are_refused()
    {
        var images = new ImageDataset<float>(IdxBytes.RandomBytes(4 * 3, 1), 4, 3, [0, 1, 2, 3]);
        float[] features = new float[6];
        int[] labels = new int[2];
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => images.CopyRows([1, 4], features, default, labels));
        Assert.Contains("Row 4 is outside 0..3", outside.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => images.CopyRows([-1, 0], features, default, labels));
        Assert.Contains("2 rows of 3 features need 6 values; the span has 5",
            Assert.Throws<ArgumentException>(() => images.CopyRows([0, 1], new float[5], default, labels)).Message);
        Assert.Contains("labels span must have 2 values; it has 1",
            Assert.Throws<ArgumentException>(() => images.CopyRows([0, 1], features, default, new int[1])).Message);
        Assert.Contains("mask span must have 0 values",
            Assert.Throws<ArgumentException>(() => images.CopyRows([0, 1], features, new float[6], labels)).Message);
        Assert.Contains("Row 7 is outside 0..3", Assert.Throws<ArgumentOutOfRangeException>(() => images.Select([0, 7])).Message);
    }

    [Fact]
    public void The_constructor_checks_the_length_and_the_labels_and_wraps_the_array()
    {
        Assert.Contains("2 rows of 4 pixels need 8 bytes; the array has 10",
            Assert.Throws<ArgumentException>(() => new ImageDataset<float>(new byte[10], 2, 4)).Message);
        Assert.Contains("There are 2 rows but 3 labels",
            Assert.Throws<ArgumentException>(() => new ImageDataset<float>(new byte[8], 2, 4, [0, 1, 2])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDataset<float>([], -1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDataset<float>([], 1, -4));
        var pixels = new byte[8];
        var images = new ImageDataset<float>(pixels, 2, 4);
        Assert.True(MemoryMarshal.TryGetArray(images.Pixels, out var segment));
        Assert.Same(pixels, segment.Array);
        Assert.Null(images.Labels);
        Assert.Equal("ImageDataset<Single>[2, 4]", images.ToString());
    }

    [Fact]
    public void Select_keeps_the_bytes_and_labels_of_the_chosen_rows_in_order()
    {
        using var dir = new TempDirectory();
        var (images, labels, pixels, _) = Write(dir, gzip: true);
        var all = ImageDataset<float>.Load(images, labels);
        int[] rows = [5, 0, 5, 36];
        var subset = all.Select(rows);
        Assert.Equal(rows.SelectMany(r => pixels[(r * Dimension)..((r + 1) * Dimension)]), subset.Pixels.ToArray());
        var expected = IdxFile.LoadImages<float>(images, labels).Select(rows);
        Assert.Equal(expected.Labels!, subset.Labels!);
        Assert.Equal(expected.Features.ToArray(), Copy(subset, [0, 1, 2, 3]).Features);
        Assert.Equal(0, all.Select([]).Count);
    }
}
