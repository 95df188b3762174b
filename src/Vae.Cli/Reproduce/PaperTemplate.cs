using System.Reflection;
using System.Text.RegularExpressions;

namespace Vae.Cli.Reproduce;

/// <summary>
/// <c>paper/paper.template.md</c> (embedded in the executable): hand-written prose with markers that a
/// reproduction fills. <c>{{table NAME}}</c> becomes the Markdown of <c>results/NAME.md</c> and
/// <c>{{value NAME}}</c> a number or phrase an experiment recorded. A marker may be broken across lines
/// between its two words, as prose is wrapped.
/// </summary>
internal static partial class PaperTemplate
{
    private const string ResourceName = "Vae.Cli.Reproduce.paper.template.md";

    /// <summary>The embedded template text.</summary>
    public static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The executable lacks the embedded resource '{ResourceName}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }

    /// <summary>
    /// <paramref name="template"/> with every marker replaced: a table's Markdown without its final newline
    /// (the template's own line break follows), a value's text.
    /// </summary>
    /// <exception cref="InvalidOperationException">A marker names a table or value that the run did not produce, or a table is never shown.</exception>
    public static string Fill(string template, IReadOnlyDictionary<string, ResultTable> tables, IReadOnlyDictionary<string, string> values)
    {
        var missing = new List<string>();
        var usedTables = new HashSet<string>(StringComparer.Ordinal);
        string filled = Marker().Replace(template, m =>
        {
            string kind = m.Groups[1].Value, name = m.Groups[2].Value;
            if (kind == "table" && tables.TryGetValue(name, out var table))
            {
                usedTables.Add(name);
                return table.ToMarkdown().TrimEnd('\n');
            }
            if (kind == "value" && values.TryGetValue(name, out string? value)) return value;
            missing.Add(m.Value);
            return m.Value;
        });
        if (missing.Count > 0)
            throw new InvalidOperationException($"The template names what this run did not produce: {string.Join(", ", missing.Distinct())}.");
        var unused = tables.Keys.Where(t => !usedTables.Contains(t)).Select(t => $"{{{{table {t}}}}}").ToList();
        if (unused.Count > 0)
            throw new InvalidOperationException($"The template never shows: {string.Join(", ", unused)}.");
        return filled;
    }

    [GeneratedRegex(@"\{\{(table|value)\s+([a-z0-9-]+)\}\}")]
    private static partial Regex Marker();
}
