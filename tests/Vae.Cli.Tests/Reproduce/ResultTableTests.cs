using Vae.Cli.Reproduce;

namespace Vae.Cli.Tests.Reproduce;

public class ResultTableTests
{
    [Fact]
    public void A_table_renders_as_aligned_markdown_with_notes_and_as_full_precision_csv()
    {
        var table = new ResultTable("t", Column.Text("model", "model"), Column.Number("error", "error"), Column.Estimate("log p(x)", "ll"));
        table.Add(Cell.Text("a, b"), Cell.Number(0.12345, 3), Cell.Estimate(-24.704, 0.00241, 2));
        table.Add(Cell.Text("x|y"), Cell.Missing(), Cell.Missing(2));
        table.Notes.Add("A note.");
        Assert.Equal(
            "| model | error | log p(x) |\n" +
            "|:---|---:|---:|\n" +
            "| a, b | 0.123 | -24.70 ± 0.002 |\n" +
            "| x\\|y | – | – |\n" +
            "\n" +
            "A note.\n", table.ToMarkdown());
        Assert.Equal(
            "model,error,ll,ll_se\n" +
            "\"a, b\",0.12345,-24.704,0.00241\n" +
            "x|y,,,\n", table.ToCsv());
    }

    [Fact]
    public void A_row_must_fit_the_columns()
    {
        var table = new ResultTable("t", Column.Text("a", "a"), Column.Estimate("b", "b"));
        Assert.Contains("has 2 columns; a row gave 1 cells", Assert.Throws<ArgumentException>(() => table.Add(Cell.Text("x"))).Message);
        Assert.Contains("takes 2 CSV fields; got 1", Assert.Throws<ArgumentException>(() => table.Add(Cell.Text("x"), Cell.Number(1, 1))).Message);
    }

    [Theory]
    [InlineData(-0.0004, 3, "0.000")]
    [InlineData(-0.0005, 3, "-0.001")] // the double nearest −0.0005 lies just below it
    [InlineData(1.25, 1, "1.2")]        // exact ties (1.25 and −2.5 are doubles) go to the even digit
    [InlineData(-2.5, 0, "-2")]
    [InlineData(1234.5678, 2, "1234.57")]
    public void Fixed_formatting_is_culture_free_rounds_exact_ties_to_even_and_drops_the_sign_of_zero(double value, int decimals, string expected) =>
        Assert.Equal(expected, Numbers.Fixed(value, decimals));
}
