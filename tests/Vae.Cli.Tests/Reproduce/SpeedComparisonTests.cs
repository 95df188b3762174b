using Vae.Cli.Reproduce;

namespace Vae.Cli.Tests.Reproduce;

/// <summary>The speed table reads the benchmark's <c>results/speed.json</c> and never invents numbers.</summary>
public class SpeedComparisonTests
{
    private static string Run(TempDirectory dir)
    {
        var output = new PaperOutput(dir.Path);
        new SpeedComparison().Run(new ExperimentContext(Budget.For(ReproduceMode.Smoke, null), output, CancellationToken.None));
        return File.ReadAllText(dir.File("results/speed.md"));
    }

    [Fact]
    public void Without_a_benchmark_file_the_table_says_nothing_was_measured()
    {
        using var dir = new TempDirectory();
        Assert.Contains("| not measured in this run | – | – | – |", Run(dir));
    }

    [Fact]
    public void A_benchmark_file_becomes_rows_with_the_time_ratio()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("results"));
        File.WriteAllText(dir.File("results/speed.json"),
            """{"machine": "a test machine", "rows": [{"task": "VAE step", "vae_ms": 3.0, "pytorch_ms": 2.0}]}""");
        string table = Run(dir);
        Assert.Contains("| VAE step | 3.00 | 2.00 | 1.50 |", table); // 3.0 / 2.0 = 1.5
        Assert.Contains("a test machine", table);
        Assert.Equal("task,vae_ms,pytorch_ms,ratio\nVAE step,3,2,1.5\n", File.ReadAllText(dir.File("results/speed.csv")));
    }

    [Theory]
    [InlineData("""{"machine": "m", "rows": []}""", "non-empty array \"rows\"")]
    [InlineData("""{"rows": [{"task": "t", "vae_ms": 1, "pytorch_ms": 1}]}""", "string \"machine\"")]
    [InlineData("""{"machine": "m", "rows": [{"task": "t", "vae_ms": 0, "pytorch_ms": 1}]}""", "positive number \"vae_ms\"")]
    public void A_malformed_benchmark_file_is_an_error_not_a_half_table(string json, string expected)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("results"));
        File.WriteAllText(dir.File("results/speed.json"), json);
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => Run(dir)).Message);
    }
}
