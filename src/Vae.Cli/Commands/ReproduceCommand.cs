using System.CommandLine;
using Vae.Cli.Reproduce;
using Vae.Core.Data;

namespace Vae.Cli.Commands;

/// <summary><c>vae reproduce</c>: retrains every model of the paper and rewrites its figures, tables and <c>paper.md</c>.</summary>
internal static class ReproduceCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var quick = new Option<bool>("--quick") { Description = "Embedded datasets, short training (the default; what CI runs and paper/ shows)." };
        var full = new Option<bool>("--full") { Description = "Longer training, more seeds and samples; Fashion-MNIST for the VAE figures when installed." };
        var smoke = new Option<bool>("--smoke") { Description = "One epoch of everything, for the determinism test; the numbers mean nothing." };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The folder for paper.md, figures/ and results/ [default: paper].",
            HelpName = "dir",
            DefaultValueFactory = _ => "paper",
        };
        var command = new Command("reproduce", "Retrain every model of the paper from fixed seeds and rewrite its figures, tables and paper.md.")
        {
            quick, full, smoke, output,
        };
        command.SetAction(parse =>
        {
            bool[] chosen = [parse.GetValue(quick), parse.GetValue(full), parse.GetValue(smoke)];
            if (chosen.Count(c => c) > 1) throw new UsageException("--quick, --full and --smoke exclude one another; give at most one.");
            var mode = chosen[1] ? ReproduceMode.Full : chosen[2] ? ReproduceMode.Smoke : ReproduceMode.Quick;
            Reproduction.Run(mode, parse.GetValue(output)!, FashionMnist.TryFind(), context.Output, context.Cancellation);
            return ExitCodes.Success;
        });
        return command;
    }
}
