using System.Text;

namespace Vae.Cli.Reproduce;

/// <summary>A column of a <see cref="ResultTable"/>: its Markdown header, its CSV header(s) and its alignment.</summary>
/// <param name="Header">The Markdown header.</param>
/// <param name="CsvHeaders">The CSV column names this column becomes (two for an estimate with its standard error).</param>
/// <param name="Numeric">Right-aligned in Markdown.</param>
internal sealed record Column(string Header, IReadOnlyList<string> CsvHeaders, bool Numeric)
{
    /// <summary>A left-aligned text column.</summary>
    public static Column Text(string header, string csv) => new(header, [csv], false);

    /// <summary>A right-aligned numeric column.</summary>
    public static Column Number(string header, string csv) => new(header, [csv], true);

    /// <summary>A right-aligned estimate shown as <c>value ± se</c>, two CSV columns <c>csv</c> and <c>csv_se</c>.</summary>
    public static Column Estimate(string header, string csv) => new(header, [csv, csv + "_se"], true);
}

/// <summary>One cell: the text shown in Markdown and the field(s) written to CSV.</summary>
/// <param name="Display">The Markdown text.</param>
/// <param name="Csv">One CSV field per CSV header of the column.</param>
internal sealed record Cell(string Display, IReadOnlyList<string> Csv)
{
    /// <summary>Text, the same in both forms.</summary>
    public static Cell Text(string text) => new(text, [text]);

    /// <summary>A number shown with <paramref name="decimals"/> decimals and written to CSV in full (round-trip) precision.</summary>
    public static Cell Number(double value, int decimals) => new(Numbers.Fixed(value, decimals), [Numbers.RoundTrip(value)]);

    /// <summary>A count.</summary>
    public static Cell Count(long value) => new(Numbers.Integer(value), [Numbers.Integer(value)]);

    /// <summary>An estimate with its standard error, <c>value ± se</c>, the value with <paramref name="decimals"/> decimals and the error with one more.</summary>
    public static Cell Estimate(double value, double standardError, int decimals) =>
        new($"{Numbers.Fixed(value, decimals)} ± {Numbers.Fixed(standardError, decimals + 1)}", [Numbers.RoundTrip(value), Numbers.RoundTrip(standardError)]);

    /// <summary>No value: shown as an en dash, written as an empty field per CSV column.</summary>
    public static Cell Missing(int csvFields = 1) => new("–", [.. Enumerable.Repeat("", csvFields)]);
}

/// <summary>
/// A results table, written by <see cref="PaperOutput"/> as <c>results/NAME.md</c> (a Markdown fragment
/// that <c>paper.template.md</c> includes) and <c>results/NAME.csv</c> (full precision, for other tools).
/// </summary>
internal sealed class ResultTable
{
    private readonly List<IReadOnlyList<Cell>> rows = [];

    /// <summary>An empty table named <paramref name="name"/> (the file stem and the template's marker name).</summary>
    public ResultTable(string name, params Column[] columns)
    {
        Name = name;
        Columns = columns;
    }

    /// <summary>The file stem and the template's marker name.</summary>
    public string Name { get; }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<Column> Columns { get; }

    /// <summary>Lines printed under the table in Markdown (notes on how the numbers were made).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Appends a row with one cell per column.</summary>
    /// <exception cref="ArgumentException">The cell count, or a cell's CSV field count, does not match the columns.</exception>
    public void Add(params Cell[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"Table '{Name}' has {Columns.Count} columns; a row gave {cells.Length} cells.", nameof(cells));
        for (int c = 0; c < cells.Length; c++)
            if (cells[c].Csv.Count != Columns[c].CsvHeaders.Count)
                throw new ArgumentException($"Column '{Columns[c].Header}' of table '{Name}' takes {Columns[c].CsvHeaders.Count} CSV fields; got {cells[c].Csv.Count}.", nameof(cells));
        rows.Add(cells);
    }

    /// <summary>The table as GitHub-flavoured Markdown, then the notes, each line ending in <c>\n</c>.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| ").Append(string.Join(" | ", Columns.Select(c => Escape(c.Header)))).Append(" |\n");
        text.Append('|').Append(string.Join('|', Columns.Select(c => c.Numeric ? "---:" : ":---"))).Append("|\n");
        foreach (var row in rows) text.Append("| ").Append(string.Join(" | ", row.Select(c => Escape(c.Display)))).Append(" |\n");
        if (Notes.Count > 0) text.Append('\n');
        foreach (string note in Notes) text.Append(note).Append('\n');
        return text.ToString();
    }

    /// <summary>The table as CSV (RFC 4180 quoting), a header line then one line per row, each ending in <c>\n</c>.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', Columns.SelectMany(c => c.CsvHeaders).Select(Quote))).Append('\n');
        foreach (var row in rows) text.Append(string.Join(',', row.SelectMany(c => c.Csv).Select(Quote))).Append('\n');
        return text.ToString();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
