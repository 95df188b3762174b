using Vae.Core.Serialization;

namespace Vae.Figures.Png;

/// <summary>
/// An immutable 8-bit image (greyscale or RGB, rows top to bottom, samples interleaved) that encodes to
/// PNG with this library's own encoder: IHDR, one zlib-compressed IDAT, IEND, each with its CRC-32.
/// Encoding is deterministic for a given runtime (same pixels and mode give the same bytes).
/// </summary>
public sealed class PngImage
{
    private readonly byte[] pixels;

    /// <summary>Creates an image from a copy of <paramref name="pixels"/> (<c>width · height · channels</c> bytes, row-major).</summary>
    /// <exception cref="ArgumentException">A size is not positive, the colour type is unknown, or the pixel count is wrong.</exception>
    public PngImage(int width, int height, PngColorType colorType, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!Enum.IsDefined(colorType)) throw new ArgumentOutOfRangeException(nameof(colorType), colorType, "Unknown PNG colour type.");
        long expected = (long)width * height * Samples(colorType);
        if (expected > Array.MaxLength) throw new ArgumentException($"A {width}×{height} {colorType} image is too large for one array.");
        if (pixels.Length != expected)
            throw new ArgumentException($"A {width}×{height} {colorType} image needs {expected} bytes; got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        ColorType = colorType;
        this.pixels = (byte[])pixels.Clone();
    }

    /// <summary>A greyscale image from a copy of <paramref name="pixels"/> (<c>width · height</c> bytes).</summary>
    public static PngImage Grayscale(int width, int height, byte[] pixels) => new(width, height, PngColorType.Grayscale, pixels);

    /// <summary>An RGB image from a copy of <paramref name="pixels"/> (<c>3 · width · height</c> bytes, R G B per pixel).</summary>
    public static PngImage Rgb(int width, int height, byte[] pixels) => new(width, height, PngColorType.Rgb, pixels);

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Greyscale or RGB.</summary>
    public PngColorType ColorType { get; }

    /// <summary>Samples per pixel: 1 for greyscale, 3 for RGB.</summary>
    public int Channels => Samples(ColorType);

    /// <summary>The samples, row-major, <see cref="Channels"/> per pixel.</summary>
    public ReadOnlyMemory<byte> Pixels => pixels;

    /// <summary>The sample of <paramref name="channel"/> at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y, int channel]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || (uint)channel >= (uint)Channels)
                throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}, {channel}) is outside a {Width}×{Height}×{Channels} image.");
            return pixels[((long)y * Width + x) * Channels + channel];
        }
    }

    /// <summary>The PNG file bytes.</summary>
    public byte[] Encode(PngFilterMode filter = PngFilterMode.Adaptive) => PngEncoder.Encode(Width, Height, ColorType, pixels, filter);

    /// <summary>Writes the PNG to <paramref name="path"/> atomically (temporary file in the same folder, flushed, renamed).</summary>
    public void Save(string path, PngFilterMode filter = PngFilterMode.Adaptive) => AtomicFile.WriteAllBytes(path, Encode(filter));

    private static int Samples(PngColorType colorType) => colorType == PngColorType.Rgb ? 3 : 1;
}
