using System.CommandLine;
using System.Globalization;
using Vae.Cli.Data;
using Vae.Cli.Training;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Serialization;

namespace Vae.Cli.Commands;

/// <summary>
/// <c>vae impute</c>: fills the missing cells of a CSV file with a trained VAE kind (MIWAE's set-up): the
/// importance-sampled conditional mean (single imputation), or M draws from the conditional
/// distribution (multiple imputation), each written as a copy of the input with only the missing cells
/// changed (see <see cref="CsvDocument"/>).
/// </summary>
/// <remarks>
/// The input is read as the run's data were (with a header line unless the run was trained with
/// <c>--no-header</c>), standardised with the run's training statistics, imputed in the model's space
/// and mapped back to the file's units. With <c>--multiple M</c> the completions go to M files named
/// after <c>--output</c> with <c>-1</c> … <c>-M</c> before the extension (<c>out.csv</c> gives
/// <c>out-1.csv</c> …), each a complete data set for Rubin's rules.
/// </remarks>
internal static class ImputeCommand
{
    /// <summary>The command, acting in <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var checkpoint = CommonOptions.Checkpoint();
        var input = new Option<string>("--input", "-i")
        {
            Description = "The CSV file whose empty, NA or NaN cells are to be filled (plain or gzip).",
            HelpName = "file",
            Required = true,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The CSV file to write, or - for standard output (single imputation only); with --multiple, the stem of M files.",
            HelpName = "file",
            Required = true,
        };
        var samples = new Option<int>("--samples", "-k")
        {
            Description = "Importance samples K per row (and per draw).",
            HelpName = "K",
            DefaultValueFactory = _ => 1000,
        };
        var multiple = new Option<int?>("--multiple", "-m")
        {
            Description = "Write M completions drawn from p(x_mis | x_obs) to OUTPUT-1 … OUTPUT-M instead of the conditional mean.",
            HelpName = "M",
        };
        var seed = CommonOptions.Seed();
        var command = new Command("impute",
            "Fill the missing cells of a CSV file with a trained VAE kind; every other byte of the file is copied unchanged.")
        {
            checkpoint, input, output, samples, multiple, seed,
        };
        command.SetAction(parse =>
        {
            int k = parse.GetValue(samples);
            if (k < 1) throw new UsageException($"--samples must be at least 1; got {k}.");
            int? draws = parse.GetValue(multiple);
            if (draws is < 1) throw new UsageException($"--multiple must be at least 1; got {draws}.");
            string source = parse.GetValue(input)!, destination = parse.GetValue(output)!;
            if (draws is not null && destination == "-") throw new UsageException("--multiple writes M files; give --output a file name, not -.");
            var targets = draws is { } m ? Enumerable.Range(1, m).Select(i => Numbered(destination, i)).ToArray() : [destination];
            if (targets.Any(t => t != "-" && Path.GetFullPath(t) == Path.GetFullPath(source)))
                throw new UsageException($"--output would overwrite the input '{source}'; choose another file.");

            var run = TrainedRun.Open(parse.GetValue(checkpoint)!);
            var document = CsvDocument.Read(source, run.Data.Settings.Header);
            var rows = Rows(document, run);
            var rng = Rng.Create(parse.GetValue(seed));
            var completed = draws is { } count
                ? run.Model.Impute(rows, count, rng, k, context.Cancellation)
                : [run.Model.Impute(rows, rng, k, context.Cancellation)];
            for (int i = 0; i < targets.Length; i++)
            {
                byte[] bytes = document.WithMissingFilled(run.Data.ToSource(completed[i]).ReadOnlySpan);
                if (targets[i] == "-")
                {
                    context.Output.Write(System.Text.Encoding.UTF8.GetString(bytes));
                    return ExitCodes.Success;
                }
                AtomicFile.WriteAllBytes(targets[i], bytes);
            }
            string how = draws is null ? $"the conditional mean, K = {k}" : $"{draws} draws, K = {k}";
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"imputed {document.Table.MissingCount} missing cells in {document.Table.RowCount} rows of '{source}' ({how}) into {string.Join(", ", targets.Select(t => $"'{t}'"))}"));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The document's rows in the model's space, checked against the run's features.</summary>
    /// <exception cref="InvalidDataException">Another number of columns than the model's, or (for a CSV run with a header) other column names.</exception>
    private static Dataset<float> Rows(CsvDocument document, TrainedRun run)
    {
        var table = document.Table;
        int features = run.Data.Info.Dimension;
        if (table.ColumnCount != features)
            throw new InvalidDataException($"'{document.Path}' has {table.ColumnCount} columns; the model was trained on {features}.");
        if (run.Data.Settings.Format == DataFormats.Csv && run.Data.Settings.Header && table.ColumnNames is { } names
            && !names.SequenceEqual(run.Data.Columns))
            throw new InvalidDataException(
                $"'{document.Path}' has the columns {string.Join(",", names)}; the model was trained on {string.Join(",", run.Data.Columns)} (in that order).");
        var rows = table.ToDataset<float>();
        return run.Data.Standardizer?.Apply(rows) ?? rows;
    }

    /// <summary><paramref name="path"/> with <c>-<paramref name="index"/></c> before its extension: <c>out.csv</c> → <c>out-2.csv</c>.</summary>
    internal static string Numbered(string path, int index)
    {
        string name = Path.GetFileName(path);
        int dot = name.LastIndexOf('.');
        string numbered = dot > 0 ? $"{name[..dot]}-{index}{name[dot..]}" : $"{name}-{index}";
        return Path.Combine(Path.GetDirectoryName(path) ?? "", numbered);
    }
}
