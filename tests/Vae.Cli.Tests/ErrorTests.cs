namespace Vae.Cli.Tests;

/// <summary>Bad command lines and files: one line on the error writer naming the problem, exit code 2 (usage) or 1 (runtime), no stack trace unless --verbose.</summary>
public class ErrorTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    private static void AssertOneLineError(CliResult result, int code, string expected)
    {
        Assert.Equal(code, result.ExitCode);
        string line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("vae: error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Theory]
    [InlineData(new[] { "frob" }, "Unrecognized command or argument 'frob'")]
    [InlineData(new[] { "train", "--model", "foo" }, "Argument 'foo' not recognized. Must be one of: 'vae' 'beta-vae' 'iwae' 'cvae' 'miwae'")]
    [InlineData(new[] { "train", "--hidden", "3,x" }, "--hidden '3,x' is not a comma-separated list of positive widths")]
    [InlineData(new[] { "train", "--batch", "many" }, "Cannot parse argument 'many' for option '--batch' as expected type 'integer'")]
    [InlineData(new[] { "train", "--beta", "2" }, "--beta is not an option of the vae model.")]
    [InlineData(new[] { "train", "--model", "beta-vae", "--beta", "-1" }, "--beta must be finite and >= 0; got -1.")]
    [InlineData(new[] { "train", "--model", "iwae", "--samples", "0" }, "--samples must be at least 1; got 0.")]
    [InlineData(new[] { "train", "--epochs", "0" }, "--epochs must be at least 1; got 0.")]
    [InlineData(new[] { "train", "--lr", "0" }, "--lr must be finite and > 0; got 0.")]
    [InlineData(new[] { "train", "--test-fraction", "1" }, "--test-fraction must lie strictly between 0 and 1; got 1.")]
    [InlineData(new[] { "train", "--data", "no/such/file.csv" }, "--data 'no/such/file.csv' is neither digits, fashion-mnist[:DIR] nor an existing file.")]
    [InlineData(new[] { "evaluate", "--samples", "0" }, "--samples must be at least 1; got 0.")]
    public void A_bad_command_line_is_a_usage_error(string[] args, string expected) => AssertOneLineError(CliRunner.Run(args), ExitCodes.UsageError, expected);

    [Fact]
    public void Options_that_do_not_fit_the_run_are_usage_errors()
    {
        AssertOneLineError(CliRunner.Run("train", "--out", run.Path), 2, "already holds a checkpoint; pass --resume to continue it");
        AssertOneLineError(CliRunner.Run("train", "--resume", "--latent", "3", "--out", run.Path), 2, "--latent cannot change when resuming");
        AssertOneLineError(CliRunner.Run("sample", "-c", run.Path, "--label", "1"), 2, "--label applies to conditional models; this vae model has no classes.");
        AssertOneLineError(CliRunner.Run("evaluate", "-c", run.Path, "--max-rows", "0"), 2, "--max-rows must be at least 1; got 0.");
        using var empty = new TempDirectory();
        AssertOneLineError(CliRunner.Run("train", "--resume", "--out", empty.Path), 2, "--resume: there is no checkpoint in");
    }

    [Fact]
    public void Missing_malformed_or_tampered_files_are_runtime_errors_naming_the_file()
    {
        using var dir = new TempDirectory();
        AssertOneLineError(CliRunner.Run("evaluate", "-c", dir.File("nowhere")), 1, $"There is no checkpoint at '{dir.File("nowhere")}'");

        string ragged = dir.File("ragged.csv");
        File.WriteAllLines(ragged, ["a,b", "1,2", "3"]);
        AssertOneLineError(CliRunner.Run("train", "--data", ragged, "--out", dir.File("r")), 1, $"CSV '{ragged}', line 3: the row has 1 fields but the header has 2.");

        string copy = dir.File("copy");
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(run.Path)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        string weights = Directory.GetFiles(copy, "weights-*.safetensors").Single();
        byte[] bytes = File.ReadAllBytes(weights);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(weights, bytes);
        AssertOneLineError(CliRunner.Run("evaluate", "-c", copy), 1, $"checkpoint '{weights}': checksum mismatch");
        AssertOneLineError(CliRunner.Run("evaluate", "-c", run.Path, "--data", ragged), 1, $"CSV '{ragged}', line 3");
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        var result = CliRunner.Run("evaluate", "-c", "no-such-run", "--verbose");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("vae: error: There is no checkpoint at 'no-such-run'", result.Error);
        Assert.Contains("System.IO.FileNotFoundException", result.Error);
        Assert.Contains("   at ", result.Error);
    }
}
