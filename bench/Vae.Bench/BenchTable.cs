using System.Text;

namespace Vae.Bench;

/// <summary>A table of text cells rendered as aligned plain text for the console and as Markdown for the README.</summary>
/// <param name="headers">The column titles.</param>
/// <param name="leftColumns">How many leading columns are labels (left-aligned); the rest are numbers (right-aligned).</param>
internal sealed class BenchTable(IReadOnlyList<string> headers, int leftColumns)
{
    private readonly List<string[]> rows = [];

    /// <summary>Appends a row with one cell per column.</summary>
    /// <exception cref="ArgumentException">The number of cells differs from the number of columns.</exception>
    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Count) throw new ArgumentException($"A row of {cells.Length} cells in a table of {headers.Count} columns.", nameof(cells));
        rows.Add(cells);
    }

    /// <summary>The table as aligned plain text, a rule under the header.</summary>
    public string Text()
    {
        int[] widths = [.. headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max())];
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((cell, c) => c < leftColumns ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        Line(headers);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) Line(row);
        return text.ToString();
    }

    /// <summary>
    /// Prints the table as text with <paramref name="legend"/>, then as Markdown with the legend, and writes
    /// the Markdown to <paramref name="markdownPath"/> when one is given.
    /// </summary>
    public void Print(string legend, string? markdownPath)
    {
        Console.WriteLine();
        Console.Write(Text());
        Console.WriteLine(legend);
        string markdown = Markdown() + Environment.NewLine + legend + Environment.NewLine;
        Console.WriteLine();
        Console.WriteLine("Markdown:");
        Console.WriteLine();
        Console.Write(markdown);
        if (markdownPath is null) return;
        File.WriteAllText(markdownPath, markdown, new UTF8Encoding(false));
        Console.WriteLine($"(written to {markdownPath})");
    }

    /// <summary>The table in GitHub Markdown (pipes in cells escaped).</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
        text.AppendLine("| " + string.Join(" | ", headers.Select(Escape)) + " |");
        text.AppendLine("|" + string.Join("|", headers.Select((_, c) => c < leftColumns ? ":---" : "---:")) + "|");
        foreach (var row in rows) text.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        return text.ToString();
    }
}
