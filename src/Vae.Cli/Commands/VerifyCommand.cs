using System.CommandLine;
using System.Globalization;
using Vae.Cli.Verification;

namespace Vae.Cli.Commands;

/// <summary>
/// <c>vae verify</c>: runs the repository's property test projects with <c>dotnet test</c>, with
/// <c>VAE_PROPERTY_CASES</c> and <c>VAE_PROPERTY_SEED</c> set from <c>--cases</c> and <c>--seed</c>
/// (each property's own values otherwise), and prints for every failed property the seed and the
/// command that replay it.
/// </summary>
internal static class VerifyCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var cases = new Option<int?>("--cases", "-n")
        {
            Description = "Cases per property (VAE_PROPERTY_CASES) [default: each property's own].",
            HelpName = "N",
        };
        var seed = new Option<ulong?>("--seed")
        {
            Description = "The seed of every property (VAE_PROPERTY_SEED) [default: each property's own].",
            HelpName = "S",
        };
        var filter = new Option<string?>("--filter")
        {
            Description = "Run only the tests this dotnet test filter selects, e.g. FullyQualifiedName~Normal.",
            HelpName = "expression",
        };
        var project = new Option<string[]>("--project")
        {
            Description = "Run only this test project (its folder name, e.g. Vae.Core.Tests); may be repeated [default: every project with a PropertyRunner].",
            HelpName = "name",
            AllowMultipleArgumentsPerToken = false,
        };
        var configuration = new Option<string>("--configuration")
        {
            Description = "The build configuration.",
            HelpName = "name",
            DefaultValueFactory = _ => "Release",
        };
        var repository = new Option<string?>("--repository")
        {
            Description = "Look for Research.sln from this directory upwards [default: the current directory].",
            HelpName = "dir",
        };
        var command = new Command("verify",
            "Run the property test suites (dotnet test) with more cases or another seed; print the seed that replays each failure.")
        {
            cases, seed, filter, project, configuration, repository,
        };
        command.SetAction(parse =>
        {
            int? n = parse.GetValue(cases);
            if (n is < 1) throw new UsageException($"--cases must be at least 1; got {n}.");
            var repo = Repository.Find(parse.GetValue(repository) ?? Environment.CurrentDirectory);
            var projects = Select(repo, parse.GetValue(project) ?? []);
            ulong? s = parse.GetValue(seed);
            string? f = parse.GetValue(filter);
            var outcomes = new List<(string Project, TestOutcome Test)>();
            foreach (string path in projects)
            {
                string name = Repository.NameOf(path);
                context.Output.WriteLine($"verify: dotnet test {name}");
                var results = TestRun.Run(new VerifyRequest(path, parse.GetValue(configuration)!, n, s, f), context.Output, context.Cancellation);
                outcomes.AddRange(results.Select(r => (name, r)));
            }
            if (outcomes.Count == 0)
                throw new UsageException($"no test matched --filter '{f}' in {string.Join(", ", projects.Select(Repository.NameOf))}.");
            var failed = outcomes.Where(o => o.Test.Failed).ToList();
            string settings = $"{TestRun.CasesVariable}={n?.ToString(CultureInfo.InvariantCulture) ?? "each property's own"}, " +
                              $"{TestRun.SeedVariable}={s?.ToString(CultureInfo.InvariantCulture) ?? "each property's own"}";
            context.Output.WriteLine(
                $"verify: {outcomes.Count(o => o.Test.Passed)} passed, {failed.Count} failed, {outcomes.Count(o => !o.Test.Passed && !o.Test.Failed)} skipped ({settings})");
            foreach (var (name, test) in failed) context.Output.WriteLine(Replay(name, test, n));
            if (failed.Count == 0) return ExitCodes.Success;
            context.Error.WriteLine($"vae: error: {failed.Count} of {outcomes.Count} tests failed; the lines starting FAILED say how to replay each.");
            return ExitCodes.RuntimeError;
        });
        return command;
    }

    /// <summary>The projects named by <c>--project</c>, or all.</summary>
    /// <exception cref="UsageException">A name is not one of the repository's property test projects.</exception>
    private static IReadOnlyList<string> Select(Repository repository, string[] names)
    {
        if (names.Length == 0) return repository.Projects;
        return
        [
            .. names.Select(name => repository.Projects.FirstOrDefault(p => Repository.NameOf(p) == name)
                ?? throw new UsageException($"--project '{name}' is not one of {string.Join(", ", repository.Projects.Select(Repository.NameOf))}.")),
        ];
    }

    /// <summary>
    /// <c>FAILED NAME: replay with VAE_PROPERTY_SEED=S: vae verify --project P --seed S --filter "FullyQualifiedName~NAME"</c>
    /// (with <c>--cases</c> when it was given, so the failing case is reached again), or the first line of the message for a test that is not a property.
    /// </summary>
    internal static string Replay(string project, TestOutcome test, int? cases)
    {
        if (test.ReplaySeed is not { } seed)
            return $"FAILED {test.Name}: not a property (no seed in its message): {test.Message?.Split('\n')[0].Trim()}";
        string casesOption = cases is { } c ? string.Create(CultureInfo.InvariantCulture, $" --cases {c}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"FAILED {test.Name}: replay with {TestRun.SeedVariable}={seed}: vae verify --project {project} --seed {seed}{casesOption} --filter \"FullyQualifiedName~{test.Method}\"");
    }
}
