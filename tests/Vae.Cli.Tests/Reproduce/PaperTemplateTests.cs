using Vae.Cli.Reproduce;

namespace Vae.Cli.Tests.Reproduce;

public class PaperTemplateTests
{
    private static readonly ResultTable Table = Make();

    private static ResultTable Make()
    {
        var table = new ResultTable("t", Column.Number("k", "k"));
        table.Add(Cell.Count(2));
        return table;
    }

    [Fact]
    public void Markers_are_replaced_by_tables_and_values_also_when_wrapped_across_lines()
    {
        string filled = PaperTemplate.Fill("Before {{value n}} and {{value\nn}}.\n\n{{table t}}\n\nAfter.\n",
            new Dictionary<string, ResultTable> { ["t"] = Table }, new Dictionary<string, string> { ["n"] = "42", ["unused"] = "x" });
        Assert.Equal("Before 42 and 42.\n\n| k |\n|---:|\n| 2 |\n\nAfter.\n", filled);
    }

    [Fact]
    public void A_marker_without_a_result_and_a_table_the_paper_never_shows_are_errors()
    {
        var tables = new Dictionary<string, ResultTable> { ["t"] = Table };
        var missing = Assert.Throws<InvalidOperationException>(() => PaperTemplate.Fill("{{table t}} {{value gone}}", tables, new Dictionary<string, string>()));
        Assert.Contains("{{value gone}}", missing.Message);
        var unused = Assert.Throws<InvalidOperationException>(() => PaperTemplate.Fill("{{value n}}", tables, new Dictionary<string, string> { ["n"] = "1" }));
        Assert.Contains("never shows: {{table t}}", unused.Message);
    }

    [Fact]
    public void The_embedded_template_is_the_paper_folders_template()
    {
        string repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
        string onDisk = File.ReadAllText(Path.Combine(repository, "paper", "paper.template.md")).ReplaceLineEndings("\n");
        Assert.Equal(onDisk, PaperTemplate.Load());
    }
}
