using Vae.Figures.Charts;
using Vae.Core.Serialization;
using Vae.Figures.Png;

namespace Vae.Cli.Reproduce;

/// <summary>
/// Where a reproduction writes: <c>figures/</c> (SVG charts, PNG image grids), <c>results/</c> (each
/// table as a Markdown fragment and a CSV file) and <c>paper.md</c>, under one root; and the named
/// values (numbers quoted in the prose) that fill the template's <c>{{value NAME}}</c> markers.
/// </summary>
/// <remarks>
/// Every file is replaced atomically and is a function of the mode and the machine's thread count
/// only (no dates, timings or paths inside), so a rerun writes the same bytes. Files it did not write
/// (such as <c>results/speed.json</c>) are left alone.
/// </remarks>
internal sealed class PaperOutput
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResultTable> tables = new(StringComparer.Ordinal);
    private readonly List<string> written = [];

    /// <summary>Creates the root and its <c>figures/</c> and <c>results/</c> folders if they do not exist.</summary>
    public PaperOutput(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(Root, "figures"));
        Directory.CreateDirectory(Path.Combine(Root, "results"));
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    /// <summary>The files written so far, relative to <see cref="Root"/> with forward slashes, in order.</summary>
    public IReadOnlyList<string> Written => written;

    /// <summary>The values recorded so far, by name.</summary>
    public IReadOnlyDictionary<string, string> Values => values;

    /// <summary>The tables written so far, by name.</summary>
    public IReadOnlyDictionary<string, ResultTable> Tables => tables;

    /// <summary>The absolute path of <paramref name="relative"/> (forward slashes) under the root.</summary>
    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Writes <c>figures/NAME.svg</c>.</summary>
    public void Figure(string name, LineChart chart) => Save($"figures/{name}.svg", path => chart.Save(path));

    /// <summary>Writes <c>figures/NAME.svg</c>.</summary>
    public void Figure(string name, ScatterChart chart) => Save($"figures/{name}.svg", path => chart.Save(path));

    /// <summary>Writes <c>figures/NAME.svg</c>.</summary>
    public void Figure(string name, ScatterPanels chart) => Save($"figures/{name}.svg", path => chart.Save(path));

    /// <summary>Writes <c>figures/NAME.png</c>.</summary>
    public void Figure(string name, PngImage image) => Save($"figures/{name}.png", path => image.Save(path));

    /// <summary>Writes <c>results/NAME.md</c> and <c>results/NAME.csv</c>, and keeps the table for the template.</summary>
    /// <exception cref="InvalidOperationException">A table of that name was already written.</exception>
    public void Table(ResultTable table)
    {
        if (!tables.TryAdd(table.Name, table)) throw new InvalidOperationException($"Table '{table.Name}' is written twice.");
        Save($"results/{table.Name}.md", path => AtomicFile.WriteAllText(path, table.ToMarkdown()));
        Save($"results/{table.Name}.csv", path => AtomicFile.WriteAllText(path, table.ToCsv()));
    }

    /// <summary>Records the text of <c>{{value NAME}}</c>.</summary>
    /// <exception cref="InvalidOperationException">A value of that name was already recorded.</exception>
    public void Value(string name, string text)
    {
        if (!values.TryAdd(name, text)) throw new InvalidOperationException($"Value '{name}' is recorded twice.");
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> under the root.</summary>
    public void Text(string relative, string text) => Save(relative, path => AtomicFile.WriteAllText(path, text));

    private void Save(string relative, Action<string> write)
    {
        write(PathOf(relative));
        written.Add(relative);
    }
}
