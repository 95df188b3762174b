namespace Vae.Cli.Verification;

/// <summary>What <c>vae verify</c> runs.</summary>
/// <param name="Project">A test project file.</param>
/// <param name="Configuration">The build configuration (<c>Release</c> or <c>Debug</c>).</param>
/// <param name="Cases">VAE_PROPERTY_CASES, or null for each property's own number of cases.</param>
/// <param name="Seed">VAE_PROPERTY_SEED, or null for each property's own seed.</param>
/// <param name="Filter">The <c>dotnet test --filter</c> expression, or null for every test.</param>
internal sealed record VerifyRequest(string Project, string Configuration, int? Cases, ulong? Seed, string? Filter);
