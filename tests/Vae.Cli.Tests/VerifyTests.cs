using Vae.Cli.Commands;
using Vae.Cli.Verification;

namespace Vae.Cli.Tests;

/// <summary><c>vae verify</c>: the property suites through <c>dotnet test</c>, and the replay line of a failure.</summary>
public class VerifyTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>
    /// One real property test (the test process runs inside the repository, so Research.sln is found
    /// upwards from its directory) with 3 cases and seed 7: one test passed, and the variables the
    /// property runners read were set.
    /// </summary>
    [Fact]
    public void Verify_runs_a_selected_property_with_the_given_cases_and_seed()
    {
        var result = CliRunner.Run("verify", "--project", "Vae.Core.Tests", "--configuration", Configuration, "--cases", "3", "--seed", "7",
            "--filter", "FullyQualifiedName~WhereTests.WhereSelectsElementByElementWithBroadcasting");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("verify: dotnet test Vae.Core.Tests", result.Output);
        Assert.Contains("verify: 1 passed, 0 failed, 0 skipped (VAE_PROPERTY_CASES=3, VAE_PROPERTY_SEED=7)", result.Output);
        Assert.DoesNotContain("Results File:", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void The_dotnet_test_process_gets_the_project_the_filter_and_the_property_variables()
    {
        var start = TestRun.StartInfo(new VerifyRequest("/repo/tests/P/P.csproj", "Release", 500, 42, "Name~X"), "/tmp/r/P.trx");
        Assert.Equal(
            ["test", "/repo/tests/P/P.csproj", "--configuration", "Release", "--nologo", "--verbosity", "quiet",
                "--logger", "trx;LogFileName=P.trx", "--results-directory", "/tmp/r", "--filter", "Name~X"],
            start.ArgumentList);
        Assert.Equal("500", start.Environment["VAE_PROPERTY_CASES"]);
        Assert.Equal("42", start.Environment["VAE_PROPERTY_SEED"]);
        Assert.Equal("1", start.Environment["MSBUILDDISABLENODEREUSE"]);

        var own = TestRun.StartInfo(new VerifyRequest("/repo/tests/P/P.csproj", "Debug", null, null, null), "/tmp/r/P.trx");
        Assert.False(own.Environment.ContainsKey("VAE_PROPERTY_CASES"));
        Assert.False(own.Environment.ContainsKey("VAE_PROPERTY_SEED"));
        Assert.DoesNotContain("--filter", own.ArgumentList);
    }

    /// <summary>
    /// A TRX report as dotnet test writes it, with a passed test, a failed property (its message names the
    /// seed, as the PropertyRunners write it), a failed test that is not a property, and a skipped one.
    /// </summary>
    [Fact]
    public void A_failed_property_is_reported_with_the_command_that_replays_it()
    {
        using var dir = new TempDirectory();
        string report = dir.File("r.trx");
        File.WriteAllText(report, """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
                <UnitTestResult testName="A.B.Passes" outcome="Passed" />
                <UnitTestResult testName="A.B.Property(size: 3)" outcome="Failed">
                  <Output><ErrorInfo><Message>Property failed; replay with VAE_PROPERTY_SEED=18446744073709551615.
            Falsifiable, after 4 tests</Message></ErrorInfo></Output>
                </UnitTestResult>
                <UnitTestResult testName="A.B.Plain" outcome="Failed">
                  <Output><ErrorInfo><Message>Assert.Equal() Failure
            Expected: 1</Message></ErrorInfo></Output>
                </UnitTestResult>
                <UnitTestResult testName="A.B.Skipped" outcome="NotExecuted" />
              </Results>
            </TestRun>
            """);
        var outcomes = TrxReport.Read(report);
        Assert.Equal(["A.B.Passes", "A.B.Property(size: 3)", "A.B.Plain", "A.B.Skipped"], outcomes.Select(o => o.Name));
        Assert.Equal([true, false, false, false], outcomes.Select(o => o.Passed));
        Assert.Equal([false, true, true, false], outcomes.Select(o => o.Failed));
        Assert.Equal(ulong.MaxValue, outcomes[1].ReplaySeed);
        Assert.Null(outcomes[2].ReplaySeed);
        Assert.Equal(
            "FAILED A.B.Property(size: 3): replay with VAE_PROPERTY_SEED=18446744073709551615: " +
            "vae verify --project P --seed 18446744073709551615 --cases 1000 --filter \"FullyQualifiedName~A.B.Property\"",
            VerifyCommand.Replay("P", outcomes[1], 1000));
        Assert.Equal("FAILED A.B.Plain: not a property (no seed in its message): Assert.Equal() Failure", VerifyCommand.Replay("P", outcomes[2], null));

        File.WriteAllText(report, "<html/>");
        Assert.Contains("is not a TRX TestRun", Assert.Throws<InvalidDataException>(() => TrxReport.Read(report)).Message);
    }

    [Fact]
    public void Verify_outside_the_repository_or_with_bad_options_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        var outside = CliRunner.Run("verify", "--repository", dir.Path);
        Assert.Equal(2, outside.ExitCode);
        Assert.Equal($"vae: error: vae verify runs the repository's test projects, but neither '{dir.Path}' nor a directory above it holds Research.sln; " +
                     "run it inside a checkout of the repository.", Assert.Single(outside.ErrorLines));

        var project = CliRunner.Run("verify", "--project", "Vae.Nothing.Tests");
        Assert.Equal(2, project.ExitCode);
        Assert.Matches(@"--project 'Vae\.Nothing\.Tests' is not one of .*Vae\.Core\.Tests.*\.$", Assert.Single(project.ErrorLines));

        var cases = CliRunner.Run("verify", "--cases", "0");
        Assert.Equal(2, cases.ExitCode);
        Assert.Contains("--cases must be at least 1; got 0.", Assert.Single(cases.ErrorLines));
    }
}
