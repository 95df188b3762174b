namespace Vae.Cli.Verification;

/// <summary>The checkout <c>vae verify</c> runs in: the directory holding <c>Research.sln</c>, and its property test projects.</summary>
/// <param name="Root">The directory holding <c>Research.sln</c>.</param>
/// <param name="Projects">The test projects under <c>tests/</c> with a <c>PropertyRunner</c> (their file paths), by folder name.</param>
internal sealed record Repository(string Root, IReadOnlyList<string> Projects)
{
    /// <summary>The solution file that marks the repository's root.</summary>
    public const string SolutionFile = "Research.sln";

    /// <summary>The repository holding <paramref name="start"/> (its root is <paramref name="start"/> or a directory above it).</summary>
    /// <exception cref="UsageException">No directory from <paramref name="start"/> upwards holds <see cref="SolutionFile"/>, or it has no property test project.</exception>
    public static Repository Find(string start)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(start));
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, SolutionFile))) directory = directory.Parent;
        if (directory is null)
            throw new UsageException(
                $"vae verify runs the repository's test projects, but neither '{Path.GetFullPath(start)}' nor a directory above it holds {SolutionFile}; run it inside a checkout of the repository.");
        string tests = Path.Combine(directory.FullName, "tests");
        var projects = Directory.Exists(tests)
            ? Directory.GetDirectories(tests)
                .Where(d => File.Exists(Path.Combine(d, "PropertyRunner.cs")) || File.Exists(Path.Combine(d, "PropertyRunner.fs")))
                .Select(d => Directory.GetFiles(d, "*.csproj").Concat(Directory.GetFiles(d, "*.fsproj")).SingleOrDefault())
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];
        if (projects.Length == 0) throw new UsageException($"'{tests}' holds no test project with a PropertyRunner.");
        return new Repository(directory.FullName, projects);
    }

    /// <summary>The name of <paramref name="project"/>: its folder's (e.g. <c>Vae.Core.Tests</c>).</summary>
    public static string NameOf(string project) => Path.GetFileName(Path.GetDirectoryName(project))!;
}
