using System.CommandLine;
using Vae.Cli.Output;
using Vae.Cli.Training;

namespace Vae.Cli.Commands;

/// <summary><c>vae reconstruct</c>: rows encoded (to their posterior mean, for a VAE) and decoded, as CSV in the data's own units or as a PNG grid.</summary>
internal static class ReconstructCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var data = CommonOptions.OtherData();
        var maxRows = CommonOptions.MaxRows();
        var output = CommonOptions.CsvOut();
        var png = CommonOptions.Png("each row beside its reconstruction as a grid of images");
        var command = new Command("reconstruct",
            "Encode rows (z = posterior mean; an autoencoder's code) and write the decoded mean as CSV (every cell is rewritten), or as a PNG grid.")
        {
            checkpoint, data, maxRows, output, png,
        };
        command.SetAction(parse =>
        {
            var run = TrainedRun.Open(parse.GetValue(checkpoint)!);
            var rows = run.Rows(parse.GetValue(data), parse.GetValue(maxRows));
            string? image = parse.GetValue(png);
            var shape = image is null ? default : PngOutput.ImageShape(run.Data);
            var values = run.Data.ToSource(run.Model.Reconstruct(rows, context.Cancellation));
            if (image is not null) PngOutput.Pairs(image, run.Data.ToSource(rows.Features), values, shape);
            if (image is null || parse.Given(output)) CsvOutput.Write(parse.GetValue(output)!, context.Output, run.Data.Columns, values, null);
            return ExitCodes.Success;
        });
        return command;
    }
}
