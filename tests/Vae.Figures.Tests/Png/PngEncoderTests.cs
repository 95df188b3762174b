using Vae.Core.Randomness;
using Vae.Figures.Png;

namespace Vae.Figures.Tests.Png;

public class PngEncoderTests
{
    private static byte[] RandomBytes(Rng rng, int count, int levels = 256)
    {
        var bytes = new byte[count];
        for (int i = 0; i < count; i++) bytes[i] = (byte)rng.NextInt32(levels);
        return bytes;
    }

    public static TheoryData<PngFilterMode> Modes =>
        [PngFilterMode.Adaptive, PngFilterMode.None, PngFilterMode.Sub, PngFilterMode.Up, PngFilterMode.Average, PngFilterMode.Paeth];

    [Theory]
    [MemberData(nameof(Modes))]
    public void GreyscaleAndRgbRoundTripExactlyThroughAnIndependentDecoder(PngFilterMode mode)
    {
        var rng = Rng.Create(2024);
        (int W, int H)[] sizes = [(1, 1), (1, 7), (7, 1), (5, 3), (31, 17), (64, 9)];
        foreach (var (w, h) in sizes)
            foreach (var colorType in new[] { PngColorType.Grayscale, PngColorType.Rgb })
            {
                int channels = colorType == PngColorType.Rgb ? 3 : 1;
                // Few levels make neighbouring pixels often equal, so the predictive filters take both branches.
                var pixels = RandomBytes(rng, w * h * channels, levels: (w + h) % 2 == 0 ? 256 : 4);
                var decoded = ReferencePngDecoder.Decode(new PngImage(w, h, colorType, pixels).Encode(mode));
                Assert.Equal(w, decoded.Width);
                Assert.Equal(h, decoded.Height);
                Assert.Equal((int)colorType, decoded.ColorType);
                Assert.Equal(pixels, decoded.Pixels);
                if (mode != PngFilterMode.Adaptive)
                    Assert.All(decoded.RowFilters, f => Assert.Equal((int)(mode - PngFilterMode.None), f));
            }
    }

    /// <summary>
    /// IHDR of a 300×2 RGB image: width 300, height 2, bit depth 8, colour type 2, compression 0, filter
    /// method 0, interlace 0; chunks in the order IHDR, IDAT, IEND; the file ends with IEND's CRC AE 42 60 82.
    /// </summary>
    [Fact]
    public void HeaderFieldsAndChunkOrder()
    {
        var png = PngImage.Rgb(300, 2, new byte[300 * 2 * 3]).Encode();
        var decoded = ReferencePngDecoder.Decode(png);
        Assert.Equal((300, 2, 8, 2, 0, 0, 0),
            (decoded.Width, decoded.Height, decoded.BitDepth, decoded.ColorType, decoded.Compression, decoded.FilterMethod, decoded.Interlace));
        Assert.Equal(["IHDR", "IDAT", "IEND"], decoded.ChunkTypes);
        // Bytes 8..15: IHDR length 13 then "IHDR"; 16..23: width and height big-endian.
        Assert.Equal(new byte[] { 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 1, 44, 0, 0, 0, 2 }, png[8..24]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82 }, png[^12..]);
        Assert.Equal(0, ReferencePngDecoder.Decode(PngImage.Grayscale(3, 4, new byte[12]).Encode()).ColorType);
    }

    /// <summary>
    /// A 16×3 greyscale image, costs = sum of |byte as signed| over the filtered row:
    /// row 0 = 0,16,...,240: Sub leaves 0 then fifteen 16s (cost 240), as does Paeth (with a zero row above,
    /// Paeth predicts the left pixel) while None/Up cost 0+16+...+112+128+112+...+16 = 1920; tie → Sub (1).
    /// Row 1 = row 0: Up and Paeth give all zeros (cost 0); tie → Up (2).
    /// Row 2 = sixteen 200s: Sub gives 200 then zeros (cost |200−256| = 56); None costs 16·56; Up and
    /// Average leave large differences; Paeth picks the above pixel where it is within 16 of 216 (cost > 56) → Sub (1).
    /// </summary>
    [Fact]
    public void AdaptiveChoosesTheHandComputedCheapestFilterPerRow()
    {
        var pixels = new byte[16 * 3];
        for (int x = 0; x < 16; x++)
        {
            pixels[x] = (byte)(16 * x);
            pixels[16 + x] = (byte)(16 * x);
            pixels[32 + x] = 200;
        }
        var decoded = ReferencePngDecoder.Decode(PngImage.Grayscale(16, 3, pixels).Encode(PngFilterMode.Adaptive));
        Assert.Equal(new byte[] { 1, 2, 1 }, decoded.RowFilters);
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void EncodingIsDeterministic()
    {
        var pixels = RandomBytes(Rng.Create(5), 40 * 30 * 3);
        Assert.Equal(PngImage.Rgb(40, 30, pixels).Encode(), PngImage.Rgb(40, 30, pixels).Encode());
    }

    [Fact]
    public void TheImageKeepsItsOwnCopyOfThePixels()
    {
        var pixels = new byte[] { 1, 2, 3, 4 };
        var image = PngImage.Grayscale(2, 2, pixels);
        pixels[0] = 99;
        Assert.Equal(1, image[0, 0, 0]);
        Assert.Equal(4, image[1, 1, 0]);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ReferencePngDecoder.Decode(image.Encode()).Pixels);
    }

    [Fact]
    public void RejectsWrongPixelCountsAndSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => PngImage.Rgb(2, 2, new byte[4]));
        Assert.Contains("needs 12 bytes; got 4", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngImage.Grayscale(0, 2, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PngImage(1, 1, (PngColorType)6, new byte[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngImage.Grayscale(1, 1, [0]).Encode((PngFilterMode)17));
    }

    [Fact]
    public void SaveWritesTheEncodedBytesAndLeavesNoTemporaryFile()
    {
        string folder = Directory.CreateTempSubdirectory("vae-png-").FullName;
        try
        {
            var image = PngImage.Grayscale(3, 2, [0, 50, 100, 150, 200, 250]);
            string path = Path.Combine(folder, "image.png");
            image.Save(path);
            Assert.Equal(image.Encode(), File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
