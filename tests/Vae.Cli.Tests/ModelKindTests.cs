using System.Globalization;
using System.Text.Json;
using Vae.Core.Serialization;

namespace Vae.Cli.Tests;

/// <summary>Each --model trains end to end and records its own settings; the conditional and missing-data models use labels and masks.</summary>
public class ModelKindTests
{
    private static JsonElement ModelSettings(string directory) =>
        Checkpoint.Load(directory).Configuration.GetProperty("model");

    [Theory]
    [InlineData("beta-vae", "--beta", "2.5", "beta", 2.5)]
    [InlineData("iwae", "--samples", "3", "samples", 3)]
    public void The_objective_option_of_a_kind_is_recorded(string model, string option, string value, string field, double expected)
    {
        using var dir = new TempDirectory();
        var result = CliRunner.Run(["train", .. CliRunner.Tiny("--model", model, option, value, "--epochs", "1", "--out", dir.Path)]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(model, ModelSettings(dir.Path).GetProperty("kind").GetString());
        Assert.Equal(expected, ModelSettings(dir.Path).GetProperty(field).GetDouble());
    }

    [Fact]
    public void Cvae_is_given_the_ten_digit_classes_and_samples_a_requested_class()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("--model", "cvae", "--epochs", "1", "--out", dir.Path)]).ExitCode);
        Assert.Equal(10, ModelSettings(dir.Path).GetProperty("classes").GetInt32());
        var fixedClass = CliRunner.Run("sample", "-c", dir.Path, "-n", "3", "--label", "7");
        Assert.Equal(0, fixedClass.ExitCode);
        Assert.Equal(["7", "7", "7"], fixedClass.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..].Select(l => l.Split(',')[0]));
        var cycling = CliRunner.Run("sample", "-c", dir.Path, "-n", "12");
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1"],
            cycling.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..].Select(l => l.Split(',')[0]));
        var bad = CliRunner.Run("sample", "-c", dir.Path, "--label", "10");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--label must lie in 0 to 9; got 10.", bad.Error);
    }

    /// <summary>
    /// A CSV with empty cells: the default model becomes miwae with a Gaussian likelihood, and
    /// reconstructions and samples come back in the file's units (column means near the data's).
    /// </summary>
    [Fact]
    public void A_csv_with_missing_cells_trains_miwae_and_outputs_in_the_file_s_units()
    {
        using var dir = new TempDirectory();
        string csv = dir.File("data.csv");
        var rng = new Random(1);
        var lines = new List<string> { "a,b,c" };
        for (int i = 0; i < 120; i++)
        {
            double x = rng.NextDouble();
            double[] row = [100 + x, 100 + 2 * x, 100 - x];
            lines.Add(string.Join(',', row.Select((v, j) => (i + j) % 7 == 0 ? "" : v.ToString("R", CultureInfo.InvariantCulture))));
        }
        File.WriteAllLines(csv, lines);
        string run = dir.File("run");
        var result = CliRunner.Run("train", "--data", csv, "--latent", "1", "--hidden", "8", "--batch", "32", "--epochs", "2", "--out", run);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("training miwae", result.Output);
        var settings = ModelSettings(run);
        Assert.Equal("miwae", settings.GetProperty("kind").GetString());
        Assert.Equal("gaussian", settings.GetProperty("likelihood").GetString());
        Assert.Equal(5, settings.GetProperty("samples").GetInt32());

        var reconstruction = CliRunner.Run("reconstruct", "-c", run);
        Assert.Equal(0, reconstruction.ExitCode);
        var rows = reconstruction.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("a,b,c", rows[0]);
        Assert.Equal(1 + 24, rows.Length); // round(0.2 · 120) = 24 test rows
        // Standardised data are modelled around 0 with unit scale; mapped back, every value lies within a few units of 100.
        Assert.All(rows[1..].SelectMany(r => r.Split(',')), v => Assert.InRange(float.Parse(v, CultureInfo.InvariantCulture), 90f, 110f));
        Assert.Equal(0, CliRunner.Run("evaluate", "-c", run, "-k", "5").ExitCode);
    }
}
