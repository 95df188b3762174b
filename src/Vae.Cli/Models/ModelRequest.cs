namespace Vae.Cli.Models;

/// <summary>The model options of <c>vae train</c>; null where the option was not given.</summary>
/// <param name="Latent">The number of latent dimensions.</param>
/// <param name="Hidden">The hidden widths.</param>
/// <param name="Beta"><c>--beta</c>, or null.</param>
/// <param name="Samples"><c>--samples</c>, or null.</param>
/// <param name="Likelihood"><c>--likelihood</c>, or null for the data's default.</param>
internal sealed record ModelRequest(int Latent, int[] Hidden, double? Beta, int? Samples, string? Likelihood);
