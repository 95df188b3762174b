using System.Buffers.Binary;
using System.Globalization;
using Vae.Core.Data;
using Vae.Core.Tensors;
using Vae.Figures.Png;

namespace Vae.Cli.Tests;

/// <summary><c>--png</c>: sample and reconstruct draw their rows as image grids of the data's image size.</summary>
public class PngTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    private static Tensor<float> Values(string csv)
    {
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return Tensor<float>.FromArray([.. rows.SelectMany(r => r)], rows.Length, rows[0].Length);
    }

    /// <summary>The width and height in a PNG's IHDR chunk (bytes 16 to 23, big-endian).</summary>
    private static (int Width, int Height) Size(byte[] png) =>
        ((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)));

    /// <summary>
    /// 16 samples of 8×8 digits enlarged ×4 in a 4×4 grid with 1-pixel padding: 4·32 + 5 = 133 pixels a
    /// side, the very PNG ImageGrid makes of the CSV the same command writes; without --out no CSV is printed.
    /// </summary>
    [Fact]
    public void Sample_draws_the_samples_as_a_grid_of_digits()
    {
        using var dir = new TempDirectory();
        string png = dir.File("samples.png"), csv = dir.File("samples.csv");
        var both = CliRunner.Run("sample", "-c", run.Path, "-n", "16", "--seed", "2", "--png", png, "--out", csv);
        Assert.Equal(0, both.ExitCode);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal((133, 133), Size(bytes));
        Assert.Equal(ImageGrid.Tile(Values(File.ReadAllText(csv)), 8, 8, scale: 4).Encode(), bytes);

        var only = CliRunner.Run("sample", "-c", run.Path, "-n", "16", "--seed", "2", "--png", dir.File("again.png"));
        Assert.Equal(0, only.ExitCode);
        Assert.Equal("", only.Output);
        Assert.Equal(bytes, File.ReadAllBytes(dir.File("again.png")));
    }

    /// <summary>
    /// Three test rows and their reconstructions as pairs, ⌈√3⌉ = 2 pairs to a row: 4 columns and 2 rows of
    /// 32-pixel tiles, 4·32 + 5 = 133 wide and 2·32 + 3 = 67 high; tile 0 is the first test digit itself
    /// (pixel (1 + 4c, 1 + 4r) is the grey level of its pixel (r, c)) and tile 1 its reconstruction.
    /// </summary>
    [Fact]
    public void Reconstruct_draws_each_row_beside_its_reconstruction()
    {
        using var dir = new TempDirectory();
        string png = dir.File("pairs.png"), csv = dir.File("rec.csv");
        Assert.Equal(0, CliRunner.Run("reconstruct", "-c", run.Path, "--max-rows", "3", "--png", png, "--out", csv).ExitCode);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal((133, 67), Size(bytes));

        var originals = Digits.Load<float>().Split(0.2, 3).Test.Select([0, 1, 2]).Features;
        var reconstructions = Values(File.ReadAllText(csv));
        var pairs = new float[6 * 64];
        for (int i = 0; i < 3; i++)
        {
            originals.ReadOnlySpan.Slice(i * 64, 64).CopyTo(pairs.AsSpan(2 * i * 64));
            reconstructions.ReadOnlySpan.Slice(i * 64, 64).CopyTo(pairs.AsSpan((2 * i + 1) * 64));
        }
        var grid = ImageGrid.Tile(Tensor<float>.FromArray(pairs, 6, 64), 8, 8, columns: 4, scale: 4);
        Assert.Equal(grid.Encode(), bytes);
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++)
            {
                Assert.Equal((byte)Math.Round(255.0 * originals[0, r * 8 + c], MidpointRounding.AwayFromZero), grid[1 + 4 * c, 1 + 4 * r, 0]);
                Assert.Equal((byte)Math.Round(255.0 * reconstructions[0, r * 8 + c], MidpointRounding.AwayFromZero), grid[34 + 4 * c, 1 + 4 * r, 0]);
            }
    }

    [Fact]
    public void Png_needs_image_data()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("data.csv");
        File.WriteAllLines(csv, ["a,b", .. Enumerable.Range(0, 20).Select(i => $"{i},{i % 3}")]);
        Assert.Equal(0, CliRunner.Run("train", "--data", csv, "--latent", "1", "--hidden", "4", "--epochs", "1", "--out", dir.File("r")).ExitCode);
        var result = CliRunner.Run("sample", "-c", dir.File("r"), "--png", dir.File("s.png"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--png needs image data (digits, fashion-mnist or an IDX file of [n, height, width] images); this run's data are", Assert.Single(result.ErrorLines));
        Assert.False(File.Exists(dir.File("s.png")));
    }
}
