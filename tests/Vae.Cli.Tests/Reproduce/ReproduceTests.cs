using Vae.Cli.Reproduce;

namespace Vae.Cli.Tests.Reproduce;

/// <summary>
/// <c>vae reproduce</c> end to end in smoke mode (every experiment and every output file, one
/// epoch each; quick mode takes too long for the test suite and runs in CI instead, see <c>.ci/run</c>).
/// </summary>
public class ReproduceTests
{
    /// <summary>
    /// Two runs into fresh folders write the same files with the same bytes: charts (SVG), image grids
    /// (PNG), tables (CSV and Markdown) and paper.md; every template marker is filled.
    /// </summary>
    [Fact]
    public void Two_smoke_runs_write_byte_identical_outputs()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var a = CliRunner.Run("reproduce", "--smoke", "--out", first.Path);
        var b = CliRunner.Run("reproduce", "--smoke", "--out", second.Path);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        Assert.Equal("", a.Error);

        var files = Files(first.Path);
        Assert.Equal(files, Files(second.Path));
        foreach (string kind in new[] { ".svg", ".png", ".csv", ".md" }) Assert.Contains(files, f => f.EndsWith(kind, StringComparison.Ordinal));
        Assert.Contains("paper.md", files);
        foreach (string file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(first.Path, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second.Path, file))),
                $"{file} differs between two runs");

        string paper = File.ReadAllText(first.File("paper.md"));
        Assert.DoesNotContain("{{", paper);
        Assert.Contains("smoke mode", paper);
        // Every figure the paper shows was written.
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(paper, @"\]\((figures/[^)]+)\)"))
            Assert.Contains(m.Groups[1].Value, files);
        Assert.Contains("not measured in this run", File.ReadAllText(first.File("results/speed.md")));
    }

    [Fact]
    public void Reproduce_modes_exclude_one_another()
    {
        var result = CliRunner.Run("reproduce", "--quick", "--full");
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("--quick, --full and --smoke exclude one another", result.Error);
    }

    [Fact]
    public void The_modes_train_more_as_they_go_from_smoke_to_full()
    {
        var smoke = Budget.For(ReproduceMode.Smoke, null);
        var quick = Budget.For(ReproduceMode.Quick, null);
        var full = Budget.For(ReproduceMode.Full, "/somewhere");
        Assert.True(smoke.VaeEpochs < quick.VaeEpochs && smoke.LinearEpochs < quick.LinearEpochs && smoke.MiwaeEpochs < quick.MiwaeEpochs);
        Assert.True(quick.LinearEpochs < full.LinearEpochs && quick.MissingDataSeeds == 3 && full.MissingDataSeeds == 5);
        Assert.Null(quick.FashionMnistDirectory);
        Assert.Equal("/somewhere", full.FashionMnistDirectory);
        foreach (var budget in new[] { smoke, quick, full }) Assert.Equal(budget.VaeEpochs, budget.SnapshotEpochs[^1]);
    }

    /// <summary>The files under <paramref name="root"/>, relative, with forward slashes, sorted.</summary>
    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal)];
}
