using System.CommandLine;
using Vae.Cli.Output;
using Vae.Cli.Training;
using Vae.Core.Randomness;

namespace Vae.Cli.Commands;

/// <summary><c>vae sample</c>: new rows from a trained model, as CSV in the data's own units.</summary>
internal static class SampleCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var count = new Option<int>("--count", "-n") { Description = "How many rows [default: 16].", HelpName = "n", DefaultValueFactory = _ => 16 };
        var label = new Option<int?>("--label") { Description = "For a conditional model, the class of every row [default: classes in turn].", HelpName = "class" };
        var seed = CommonOptions.Seed();
        var output = CommonOptions.CsvOut();
        var png = CommonOptions.Png("the samples as a grid of images");
        var command = new Command("sample",
            "Draw z from the prior and write the mean of p(x | z) (probabilities for Bernoulli data) as CSV, or as a PNG grid of images.")
        {
            checkpoint, count, label, seed, output, png,
        };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(count);
            if (n < 1) throw new UsageException($"--count must be at least 1; got {n}.");
            var run = TrainedRun.Open(parse.GetValue(checkpoint)!);
            int classes = run.Configuration.Model.Classes;
            int? fixedLabel = parse.GetValue(label);
            if (fixedLabel is not null && classes == 0)
                throw new UsageException($"--label applies to conditional models; this {run.Configuration.Model.Kind} model has no classes.");
            if (fixedLabel is < 0 || fixedLabel >= classes && classes > 0)
                throw new UsageException($"--label must lie in 0 to {classes - 1}; got {fixedLabel}.");
            int[]? labels = classes == 0 ? null : [.. Enumerable.Range(0, n).Select(i => fixedLabel ?? i % classes)];
            string? image = parse.GetValue(png);
            var shape = image is null ? default : PngOutput.ImageShape(run.Data);
            var values = run.Data.ToSource(run.Model.Sample(n, labels, Rng.Create(parse.GetValue(seed))));
            if (image is not null) PngOutput.Grid(image, values, shape);
            if (image is null || parse.Given(output)) CsvOutput.Write(parse.GetValue(output)!, context.Output, run.Data.Columns, values, labels);
            return ExitCodes.Success;
        });
        return command;
    }
}
