using Vae.Core.Data;

namespace Vae.Core.Tests.Data;

public class CsvReaderTests
{
    private static CsvTable ReadText(TempDirectory dir, string text, bool hasHeader = true, char delimiter = ',')
    {
        string path = dir.File("t.csv");
        File.WriteAllText(path, text);
        return CsvReader.Read(path, hasHeader, delimiter);
    }

    private static CsvFormatException AssertCsvError(Action read, string path, int line, int column, string fragment)
    {
        var e = Assert.Throws<CsvFormatException>(read);
        Assert.Equal(path, e.SourceName);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(path, e.Message);
        Assert.Contains($"line {line}", e.Message);
        if (column > 0) Assert.Contains($"column {column}", e.Message);
        Assert.Contains(fragment, e.Message);
        return e;
    }

    [Fact]
    public void MissingCellsBecomeMaskZeroAndValueZero()
    {
        using var dir = new TempDirectory();
        var t = ReadText(dir, "a,b,c\n1.5,,-2e3\nNA, NaN ,nan\n0.25,7,  \n");
        Assert.Equal(["a", "b", "c"], t.ColumnNames!);
        Assert.Equal(3, t.RowCount);
        Assert.Equal(3, t.ColumnCount);
        Assert.Equal([1.5, 0, -2000, 0, 0, 0, 0.25, 7, 0], t.Values.ToArray());
        Assert.Equal([1.0, 0, 1, 0, 0, 0, 1, 1, 0], t.Mask.ToArray());
        Assert.Equal(5, t.MissingCount);
    }

    [Fact]
    public void QuotedFieldsCrLfAndOtherDelimitersAreRead()
    {
        using var dir = new TempDirectory();
        var t = ReadText(dir, "\"x \"\"1\"\"\";\"y;z\"\r\n\"3.5\";4\r\n", delimiter: ';');
        Assert.Equal(["x \"1\"", "y;z"], t.ColumnNames!);
        Assert.Equal([3.5, 4], t.Values.ToArray());
        var noHeader = ReadText(dir, "1\t2\n3\t4\n", hasHeader: false, delimiter: '\t');
        Assert.Null(noHeader.ColumnNames);
        Assert.Equal([1.0, 2, 3, 4], noHeader.Values.ToArray());
    }

    [Fact]
    public void GzipCsvIsDecompressed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.csv.gz");
        File.WriteAllBytes(path, IdxBytes.Gzip("v\n1\n\n2\n"u8.ToArray()));
        var t = CsvReader.Read(path);
        // With one column a blank line is one empty (missing) cell.
        Assert.Equal([1.0, 0, 2], t.Values.ToArray());
        Assert.Equal([1.0, 0, 1], t.Mask.ToArray());
    }

    [Fact]
    public void RaggedRowNamesFileAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.csv");
        var e = AssertCsvError(() => ReadText(dir, "a,b\n1,2\n3\n"), path, 3, 0, "1 fields but the header has 2");
        Assert.DoesNotContain("column", e.Message);
        AssertCsvError(() => ReadText(dir, "1,2\n3,4,5\n", hasHeader: false), path, 2, 0, "the first row (line 1) has 2");
        AssertCsvError(() => ReadText(dir, "a,b\n1,2,\n"), path, 2, 0, "3 fields");
    }

    [Fact]
    public void UnparsableCellsNameFileLineAndColumn()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.csv");
        AssertCsvError(() => ReadText(dir, "a,b\n1,2\n3,abc\n"), path, 3, 2, "cannot parse 'abc'");
        // Invariant culture: a decimal comma is not a number.
        AssertCsvError(() => ReadText(dir, "1;2,5\n", hasHeader: false, delimiter: ';'), path, 1, 2, "cannot parse '2,5'");
        AssertCsvError(() => ReadText(dir, "a\n-Infinity\n"), path, 2, 1, "not a finite number");
        AssertCsvError(() => ReadText(dir, "a,b\n1,\"2\n"), path, 2, 2, "not closed");
        AssertCsvError(() => ReadText(dir, "a,b\n1,\"2\"x\n"), path, 2, 2, "after the closing quote");
        AssertCsvError(() => ReadText(dir, ""), path, 1, 0, "empty");
    }

    [Fact]
    public void ToDatasetSplitsOffTheLabelColumnAndKeepsTheMask()
    {
        using var dir = new TempDirectory();
        var t = ReadText(dir, "x,label,y\n0.5,1,2\n,0,3\n4,2,NA\n");
        var d = t.ToDataset<float>(1);
        Assert.Equal(3, d.Count);
        Assert.Equal(2, d.Dimension);
        Assert.Equal([1, 0, 2], d.Labels!);
        Assert.Equal([0.5f, 2, 0, 3, 4, 0], d.Features.ToArray());
        Assert.Equal([1f, 1, 0, 1, 1, 0], d.Mask!.ToArray());
        var all = t.ToDataset<double>();
        Assert.Equal(3, all.Dimension);
        Assert.NotNull(all.Mask);
        Assert.Null(ReadText(dir, "a,b\n1,2\n").ToDataset<double>(0).Mask);
    }

    [Fact]
    public void BadLabelsNameFileLineAndColumn()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.csv");
        AssertCsvError(() => ReadText(dir, "x,y\n1,2\n3,\n").ToDataset<float>(1), path, 3, 2, "the label is missing");
        AssertCsvError(() => ReadText(dir, "x,y\n1,2.5\n").ToDataset<float>(1), path, 2, 2, "not a whole number");
        AssertCsvError(() => ReadText(dir, "1,-1\n", hasHeader: false).ToDataset<float>(1), path, 1, 2, "not a whole number");
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadText(dir, "x\n1\n").ToDataset<float>(1));
    }
}
