using System.Buffers.Binary;
using Vae.Core.Data;

namespace Vae.Core.Tests.Data;

public class IdxStreamingTests
{
    /// <summary>The byte at row r, column c of the large synthetic file: cheap to regenerate for checking.</summary>
    private static byte Pixel(int row, int column) => (byte)(row * 31 + column * 7 + (row >> 8));

    /// <summary>Writes [rows, 28, 28] bytes of <see cref="Pixel"/> row by row, so the test itself never holds the file.</summary>
    private static void WriteLargeFile(string path, int rows)
    {
        using var file = File.Create(path);
        var header = new byte[16];
        header[2] = 0x08;
        header[3] = 3;
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
        file.Write(header);
        var row = new byte[784];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 784; c++) row[c] = Pixel(r, c);
            file.Write(row);
        }
    }

    /// <summary>Counts values that differ from <see cref="Pixel"/>/255 (allocation-free).</summary>
    private static int Mismatches(Batch<float> batch)
    {
        int bad = 0;
        var x = batch.Features.ReadOnlySpan;
        var rows = batch.IndexSpan;
        for (int i = 0; i < rows.Length; i++)
            for (int c = 0; c < 784; c++)
                if (x[i * 784 + c] != Pixel(rows[i], c) / 255f) bad++;
        return bad;
    }

    [Fact]
    public void StreamingA50MegabyteFileAllocatesFarLessThanTheFileAndNothingPerBatch()
    {
        using var dir = new TempDirectory();
        string path = dir.File("large-images-idx3-ubyte");
        const int rows = 64_000; // 64000 · 784 = 50 176 000 data bytes
        WriteLargeFile(path, rows);
        Assert.Equal(16 + 50_176_000L, new FileInfo(path).Length);

        long start = GC.GetAllocatedBytesForCurrentThread();
        using var source = new IdxImageSource<float>(path);
        var batcher = new MiniBatcher<float>(source, 256, seed: 11);
        int seen = 0, bad = 0;
        foreach (var batch in batcher.Epoch(0))
        {
            seen += batch.Count;
            bad += Mismatches(batch);
        }
        long firstEpoch = GC.GetAllocatedBytesForCurrentThread() - start;
        foreach (var batch in batcher.Epoch(1)) bad += Mismatches(batch);
        long secondEpoch = GC.GetAllocatedBytesForCurrentThread() - start - firstEpoch;

        Assert.Equal(rows, seen);
        Assert.Equal(0, bad);
        // What must be allocated: the row order (4 B · 64000 = 256 KB), one float batch (256 · 784 · 4 B
        // = 803 KB), one byte buffer (256 · 784 B = 201 KB) and small objects: ≈ 1.26 MB, 2.5 % of the file
        // (measured: 1 262 368 bytes).
        Assert.InRange(firstEpoch, 0, 2_000_000);
        // A steady-state epoch allocates only its enumerator (measured: 64 bytes); 250 batches at even
        // 8 bytes each would exceed this bound.
        Assert.InRange(secondEpoch, 0, 1_000);
    }

    [Fact]
    public void StreamedBatchesEqualInMemoryBatchesForTheSameSeed()
    {
        using var dir = new TempDirectory();
        const int rows = 1000;
        var pixels = IdxBytes.RandomBytes(rows * 20, 21);
        var labels = new byte[rows];
        for (int i = 0; i < rows; i++) labels[i] = (byte)(i % 10);
        // In memory from gzip files; streamed from the plain file that IdxFile.Decompress makes.
        IdxFile.Write(dir.File("img.gz"), [rows, 4, 5], pixels);
        IdxFile.Write(dir.File("lab.gz"), [rows], labels);
        IdxFile.Decompress(dir.File("img.gz"), dir.File("img"));
        var memory = IdxFile.LoadImages<float>(dir.File("img.gz"), dir.File("lab.gz"));
        using var stream = new IdxImageSource<float>(dir.File("img"), dir.File("lab.gz"));
        Assert.Equal(rows, stream.Count);
        Assert.Equal(20, stream.Dimension);
        Assert.True(stream.HasLabels);

        foreach (bool binarize in new[] { false, true })
        {
            // 1000 = 15 · 64 + 40: the last batch of each epoch is the smaller one.
            var a = new MiniBatcher<float>(memory, 64, seed: 5, binarize: binarize);
            var b = new MiniBatcher<float>(stream, 64, seed: 5, binarize: binarize);
            for (int epoch = 0; epoch < 2; epoch++)
            {
                using var ea = a.Epoch(epoch).GetEnumerator();
                using var eb = b.Epoch(epoch).GetEnumerator();
                int batches = 0;
                while (ea.MoveNext())
                {
                    Assert.True(eb.MoveNext());
                    Assert.Equal(ea.Current.Indices, eb.Current.Indices);
                    Assert.Equal(ea.Current.Labels!, eb.Current.Labels!);
                    Assert.Equal(ea.Current.Features.ToArray(), eb.Current.Features.ToArray());
                    Assert.Equal(batches == 15 ? 40 : 64, eb.Current.Count);
                    batches++;
                }
                Assert.False(eb.MoveNext());
                Assert.Equal(16, batches);
            }
        }
    }

    [Fact]
    public void SequentialReadsCoalesceAndStillMatchTheFile()
    {
        using var dir = new TempDirectory();
        var pixels = IdxBytes.RandomBytes(50 * 6, 22);
        IdxFile.Write(dir.File("img"), [50, 6], pixels);
        using var source = new IdxImageSource<double>(dir.File("img"));
        var features = new double[5 * 6];
        // Runs 10..12 and 40..41, then a repeat of row 10.
        source.CopyRows([10, 11, 12, 40, 10], features, default, default);
        int[] rows = [10, 11, 12, 40, 10];
        for (int i = 0; i < 5; i++)
            for (int c = 0; c < 6; c++)
                Assert.Equal(pixels[rows[i] * 6 + c] / 255.0, features[i * 6 + c]);
    }

    [Fact]
    public void StreamingRefusesGzipAndFilesWhoseLengthDisagreesWithTheHeader()
    {
        using var dir = new TempDirectory();
        IdxFile.Write(dir.File("img.gz"), [3, 2], new byte[6]);
        var gz = Assert.Throws<NotSupportedException>(() => new IdxImageSource<float>(dir.File("img.gz")));
        Assert.Contains(dir.File("img.gz"), gz.Message);
        Assert.Contains("IdxFile.Decompress", gz.Message);

        string shortPath = dir.File("short");
        File.WriteAllBytes(shortPath, IdxBytes.Build([3, 2], new byte[6])[..15]);
        var e = Assert.Throws<IdxFormatException>(() => new IdxImageSource<float>(shortPath));
        Assert.Equal(15, e.Offset);
        Assert.Contains(shortPath, e.Message);
        Assert.Contains("truncated", e.Message);

        string longPath = dir.File("long");
        File.WriteAllBytes(longPath, IdxBytes.Build([3, 2], new byte[7]));
        e = Assert.Throws<IdxFormatException>(() => new IdxImageSource<float>(longPath));
        Assert.Equal(18, e.Offset); // 12-byte header + 6 declared bytes
        Assert.Contains(longPath, e.Message);
        Assert.Contains("mis-shaped", e.Message);

        IdxFile.Write(dir.File("img"), [3, 2], new byte[6]);
        IdxFile.Write(dir.File("lab"), [4], new byte[4]);
        e = Assert.Throws<IdxFormatException>(() => new IdxImageSource<float>(dir.File("img"), dir.File("lab")));
        Assert.Contains(dir.File("lab"), e.Message);
        Assert.Contains("4 labels", e.Message);
    }

    [Fact]
    public void CopyRowsChecksIndicesAndSpanLengths()
    {
        using var dir = new TempDirectory();
        IdxFile.Write(dir.File("img"), [3, 2], new byte[6]);
        using var source = new IdxImageSource<float>(dir.File("img"));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.CopyRows([3], new float[2], default, default));
        Assert.Throws<ArgumentException>(() => source.CopyRows([0], new float[3], default, default));
        Assert.Throws<ArgumentException>(() => source.CopyRows([0], new float[2], default, new int[1]));
        source.Dispose();
        Assert.Throws<ObjectDisposedException>(() => source.CopyRows([0], new float[2], default, default));
    }
}
