using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Vae.Cli.Commands;

/// <summary>Options several commands share, and option parsing helpers.</summary>
internal static class CommonOptions
{
    /// <summary>The run directory <c>vae train</c> writes by default and the other commands read by default.</summary>
    public const string DefaultRun = "vae-run";

    /// <summary><c>--checkpoint</c>: the run to read.</summary>
    public static Option<string> Checkpoint() => new("--checkpoint", "-c")
    {
        Description = $"The run directory (or its checkpoint.json) to read [default: {DefaultRun}].",
        HelpName = "dir",
        DefaultValueFactory = _ => DefaultRun,
    };

    /// <summary><c>--seed</c> of a command's own randomness.</summary>
    public static Option<ulong> Seed() => new("--seed")
    {
        Description = "Seeds the command's random draws [default: 0].",
        DefaultValueFactory = _ => 0,
    };

    /// <summary><c>--data</c> for commands that read the run's test split unless told otherwise.</summary>
    public static Option<string?> OtherData() => new("--data")
    {
        Description = "Use every row of this source (digits, fashion-mnist[:DIR] (its test set), an IDX or CSV file) instead of the run's test split.",
        HelpName = "source",
    };

    /// <summary><c>--max-rows</c>: the first rows only.</summary>
    public static Option<int?> MaxRows() => new("--max-rows")
    {
        Description = "Use at most this many rows (the first ones).",
        HelpName = "n",
    };

    /// <summary><c>--out</c> for a CSV result, <c>-</c> for standard output.</summary>
    public static Option<string> CsvOut() => new("--out", "-o")
    {
        Description = "The CSV file to write, or - for standard output [default: -].",
        HelpName = "file",
        DefaultValueFactory = _ => "-",
    };

    /// <summary><c>--png</c>: <paramref name="what"/> as a PNG image grid (image data only); the CSV is then written only when <c>--out</c> is given.</summary>
    public static Option<string?> Png(string what) => new("--png")
    {
        Description = $"Write {what} to this PNG file (image data: digits, fashion-mnist, IDX); the CSV is then written only if --out is given.",
        HelpName = "file",
    };

    /// <summary>Whether <paramref name="option"/> was given on the command line (not defaulted).</summary>
    public static bool Given(this ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>Parses <c>400</c> or <c>256,128</c> into positive widths; reports a parse error otherwise.</summary>
    public static int[]? Widths(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
            {
                result.AddError($"--hidden '{text}' is not a comma-separated list of positive widths (e.g. 400 or 256,128).");
                return null;
            }
        return widths;
    }
}
