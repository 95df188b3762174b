using System.Globalization;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>
/// Reads numeric CSV files in which an empty cell, <c>NA</c> or <c>NaN</c> (any case) marks a
/// missing value; returns the values zero-filled with an observed mask.
/// </summary>
/// <remarks>
/// Numbers are parsed with the invariant culture (a point as the decimal separator, optional
/// exponent, no thousands separators); surrounding spaces are ignored. Fields may be double-quoted
/// (with <c>""</c> for a quote inside), but a quoted field cannot span lines. Infinite values are
/// rejected. Every row must have as many fields as the header (or, without a header, as the first
/// row). A gzip-compressed file (recognised by its magic bytes) is decompressed on the fly. Errors are
/// <see cref="CsvFormatException"/>s naming the source, the line and the column.
/// </remarks>
public static class CsvReader
{
    /// <summary>Reads the CSV file at <paramref name="path"/> (plain or gzip).</summary>
    /// <exception cref="CsvFormatException">A row is ragged or a cell is unparsable.</exception>
    public static CsvTable Read(string path, bool hasHeader = true, char delimiter = ',')
    {
        using var stream = GzipDetection.OpenRead(path, out _);
        return Read(stream, path, hasHeader, delimiter);
    }

    /// <summary>Reads CSV text (UTF-8 or with a byte-order mark) from <paramref name="stream"/>; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="CsvFormatException">A row is ragged or a cell is unparsable.</exception>
    public static CsvTable Read(Stream stream, string sourceName, bool hasHeader = true, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, leaveOpen: true);
        return Read(reader, sourceName, hasHeader, delimiter, 0);
    }

    /// <summary>Reads from <paramref name="reader"/>, whose first line is line <paramref name="linesBefore"/> + 1 of the source.</summary>
    internal static CsvTable Read(TextReader reader, string sourceName, bool hasHeader, char delimiter, int linesBefore)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (delimiter is '"' or '\r' or '\n')
            throw new ArgumentException($"The delimiter cannot be {(delimiter == '"' ? "a quote" : "a line break")}.", nameof(delimiter));
        var fields = new List<Field>();
        int lineNumber = linesBefore;
        string[]? names = null;
        int columns = -1;
        if (hasHeader)
        {
            string header = reader.ReadLine()
                ?? throw new CsvFormatException(sourceName, lineNumber + 1, 0, "the file is empty but a header row was expected.");
            lineNumber++;
            Tokenize(header, delimiter, fields, sourceName, lineNumber);
            names = new string[fields.Count];
            for (int j = 0; j < names.Length; j++) names[j] = fields[j].Text(header).Trim().ToString();
            columns = names.Length;
        }
        int firstDataLine = lineNumber + 1, firstRowLine = firstDataLine;
        var values = new List<double>();
        var observed = new List<double>();
        int missing = 0;
        for (string? line; (line = reader.ReadLine()) is not null;)
        {
            lineNumber++;
            Tokenize(line, delimiter, fields, sourceName, lineNumber);
            if (columns < 0) columns = fields.Count;
            if (fields.Count != columns)
                throw new CsvFormatException(sourceName, lineNumber, 0,
                    $"the row has {fields.Count} fields but {(hasHeader ? "the header" : $"the first row (line {firstRowLine})")} has {columns}.");
            for (int j = 0; j < fields.Count; j++)
            {
                var text = fields[j].Text(line).Trim();
                if (IsMissing(text))
                {
                    values.Add(0);
                    observed.Add(0);
                    missing++;
                    continue;
                }
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw new CsvFormatException(sourceName, lineNumber, j + 1, $"cannot parse '{text}' as a number.");
                if (double.IsInfinity(value))
                    throw new CsvFormatException(sourceName, lineNumber, j + 1, $"'{text}' is not a finite number.");
                values.Add(value);
                observed.Add(1);
            }
        }
        var shape = new Shape(observed.Count == 0 ? 0 : observed.Count / columns, Math.Max(columns, 0));
        return new CsvTable(sourceName, names,
            new Tensor<double>(shape, [.. values]), new Tensor<double>(shape, [.. observed]), missing, firstDataLine);
    }

    private static bool IsMissing(ReadOnlySpan<char> text) =>
        text.IsEmpty || text.SequenceEqual("NA") || text.Equals("NaN", StringComparison.OrdinalIgnoreCase);

    /// <summary>A field of a line: where its text starts, its length, and whether it holds escaped quotes.</summary>
    private readonly record struct Field(int Start, int Length, bool Escaped)
    {
        public ReadOnlySpan<char> Text(string line) =>
            Escaped ? line.Substring(Start, Length).Replace("\"\"", "\"") : line.AsSpan(Start, Length);
    }

    private static void Tokenize(string line, char delimiter, List<Field> fields, string sourceName, int lineNumber)
    {
        fields.Clear();
        int i = 0;
        while (true)
        {
            int start = i;
            while (i < line.Length && line[i] == ' ') i++;
            if (i < line.Length && line[i] == '"')
            {
                int open = i, j = i + 1;
                bool escaped = false;
                while (true)
                {
                    if (j >= line.Length)
                        throw new CsvFormatException(sourceName, lineNumber, fields.Count + 1,
                            $"the quoted field opened at character {open + 1} is not closed (quoted fields cannot span lines).");
                    if (line[j] == '"')
                    {
                        if (j + 1 < line.Length && line[j + 1] == '"')
                        {
                            escaped = true;
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                fields.Add(new Field(open + 1, j - open - 1, escaped));
                i = j + 1;
                while (i < line.Length && line[i] == ' ') i++;
                if (i < line.Length && line[i] != delimiter)
                    throw new CsvFormatException(sourceName, lineNumber, fields.Count,
                        $"unexpected '{line[i]}' after the closing quote at character {j + 1}.");
            }
            else
            {
                int end = line.IndexOf(delimiter, start);
                if (end < 0) end = line.Length;
                fields.Add(new Field(start, end - start, false));
                i = end;
            }
            if (i >= line.Length) return;
            i++;
            if (i == line.Length)
            {
                fields.Add(new Field(i, 0, false));
                return;
            }
        }
    }
}
