namespace Vae.Core.Data;

/// <summary>A CSV file with a ragged row, an unparsable or non-finite cell, or a bad label.</summary>
/// <remarks>The message names the source, the 1-based line and, where one cell is at fault, its 1-based column.</remarks>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception for line <paramref name="line"/> (and column <paramref name="column"/>, 0 for the whole line).</summary>
    public CsvFormatException(string sourceName, int line, int column, string detail)
        : base($"CSV '{sourceName}', line {line}{(column > 0 ? $", column {column}" : "")}: {detail}")
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
    }

    /// <summary>The file (or the name given for a stream).</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line number.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the faulty cell, or 0 when the whole line is at fault.</summary>
    public int Column { get; }
}
