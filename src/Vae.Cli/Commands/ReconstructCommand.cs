using System.CommandLine;
using Vae.Cli.Output;
using Vae.Cli.Training;

namespace Vae.Cli.Commands;

/// <summary><c>vae reconstruct</c>: rows encoded to their posterior mean and decoded, as CSV in the data's own units.</summary>
internal static class ReconstructCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var data = CommonOptions.OtherData();
        var maxRows = CommonOptions.MaxRows();
        var output = CommonOptions.CsvOut();
        var command = new Command("reconstruct", "Encode rows (z = posterior mean) and write the mean of p(x | z) as CSV; every cell is rewritten.")
        {
            checkpoint, data, maxRows, output,
        };
        command.SetAction(parse =>
        {
            var run = TrainedRun.Open(parse.GetValue(checkpoint)!);
            var rows = run.Rows(parse.GetValue(data), parse.GetValue(maxRows));
            var values = run.Model.Reconstruct(rows, context.Cancellation);
            CsvOutput.Write(parse.GetValue(output)!, context.Output, run.Data.Columns, run.Data.ToSource(values), null);
            return ExitCodes.Success;
        });
        return command;
    }
}
