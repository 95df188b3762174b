namespace Vae.Cli.Models;

/// <summary>The model kinds <c>vae</c> knows, by <c>--model</c> name.</summary>
internal static class ModelCatalog
{
    /// <summary>Every kind, in the order the help lists them.</summary>
    public static IReadOnlyList<IModelKind> All { get; } =
    [
        new VaeKind(),
        new BetaVaeKind(),
        new IwaeKind(),
        new CvaeKind(),
        new MiwaeKind(),
        new AutoencoderKind(),
        new LinearAutoencoderKind(),
        new SparseAutoencoderKind(),
        new DenoisingAutoencoderKind(),
        new ContractiveAutoencoderKind(),
    ];

    /// <summary>The kind named <paramref name="name"/>, or null.</summary>
    public static IModelKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The kind named <paramref name="name"/> on the command line.</summary>
    /// <exception cref="UsageException">No kind has that name.</exception>
    public static IModelKind Get(string name) =>
        Find(name) ?? throw new UsageException($"unknown model '{name}'; choose one of {string.Join(", ", All.Select(k => k.Name))}.");
}
