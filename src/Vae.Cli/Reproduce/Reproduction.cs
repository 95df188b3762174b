using System.Diagnostics;
using System.Globalization;

namespace Vae.Cli.Reproduce;

/// <summary>
/// <c>vae reproduce</c>: every experiment of the paper in turn, then <c>paper.md</c> from the template.
/// </summary>
internal static class Reproduction
{
    /// <summary>The experiments, in the paper's order.</summary>
    public static IReadOnlyList<IExperiment> Experiments { get; } =
    [
        new AutoencoderVsPca(),
        new SparseAutoencoders(),
        new DenoisingAutoencoders(),
        new ContractiveAutoencoders(),
        new VariationalAutoencoders(),
        new ConditionalVae(),
        new MissingData(),
        new SpeedComparison(),
    ];

    /// <summary>
    /// Runs every experiment in <paramref name="mode"/>, writing under <paramref name="root"/>, with a
    /// progress line per experiment (and its wall-clock time, which goes nowhere else) on <paramref name="log"/>.
    /// </summary>
    /// <param name="mode">How much to train.</param>
    /// <param name="root">The output folder (<c>paper</c> in the repository).</param>
    /// <param name="fashionMnist">Where Fashion-MNIST is installed (used by full mode), or null.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellation">Stops between two training steps.</param>
    public static void Run(ReproduceMode mode, string root, string? fashionMnist, TextWriter log, CancellationToken cancellation)
    {
        var budget = Budget.For(mode, mode == ReproduceMode.Full ? fashionMnist : null);
        var output = new PaperOutput(root);
        var context = new ExperimentContext(budget, output, cancellation);
        log.WriteLine($"reproducing the paper ({Describe(budget)}) into '{output.Root}'");
        var total = Stopwatch.StartNew();
        foreach (var experiment in Experiments)
        {
            cancellation.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            experiment.Run(context);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {experiment.Name,-40} {clock.Elapsed.TotalSeconds,6:F1} s"));
        }
        output.Value("mode", Describe(budget));
        output.Value("command", mode switch
        {
            ReproduceMode.Smoke => "vae reproduce --smoke",
            ReproduceMode.Quick => "vae reproduce --quick",
            _ => "vae reproduce --full",
        });
        output.Text("paper.md", PaperTemplate.Fill(PaperTemplate.Load(), output.Tables, output.Values));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done: {output.Written.Count} files in {total.Elapsed.TotalSeconds:F1} s; paper '{output.PathOf("paper.md")}'"));
    }

    /// <summary>The mode in words, as the paper states it.</summary>
    private static string Describe(Budget budget) => budget.Mode switch
    {
        ReproduceMode.Smoke => "smoke mode: one epoch of everything, numbers meaningless",
        ReproduceMode.Quick => "quick mode: the embedded digits and Breast Cancer, short training",
        _ => budget.FashionMnistDirectory is null
            ? "full mode: the embedded digits and Breast Cancer (Fashion-MNIST not installed), long training"
            : "full mode: Fashion-MNIST for the VAE figures, the embedded digits and Breast Cancer elsewhere, long training",
    };
}
