using System.Globalization;
using Vae.Core.Serialization;
using Vae.Core.Tensors;

namespace Vae.Cli.Output;

/// <summary>Writes rows of numbers as CSV: a header line, then one line per row, numbers in the shortest form that round-trips.</summary>
internal static class CsvOutput
{
    /// <summary>
    /// Writes <paramref name="values"/> [rows, columns] under <paramref name="columns"/>, with a first
    /// <c>label</c> column when <paramref name="labels"/> are given, to <paramref name="destination"/>
    /// (a file, replaced atomically, or <c>-</c> for <paramref name="standardOutput"/>).
    /// </summary>
    public static void Write(string destination, TextWriter standardOutput, IReadOnlyList<string> columns, Tensor<float> values, IReadOnlyList<int>? labels)
    {
        if (destination == "-")
        {
            Write(standardOutput, columns, values, labels);
            return;
        }
        AtomicFile.Write(destination, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            Write(writer, columns, values, labels);
        });
    }

    private static void Write(TextWriter writer, IReadOnlyList<string> columns, Tensor<float> values, IReadOnlyList<int>? labels)
    {
        int d = values.Shape[1];
        writer.WriteLine(string.Join(',', (labels is null ? columns : ["label", .. columns]).Select(Quote)));
        var span = values.ReadOnlySpan;
        var line = new List<string>(d + 1);
        for (int r = 0; r < values.Shape[0]; r++)
        {
            line.Clear();
            if (labels is not null) line.Add(labels[r].ToString(CultureInfo.InvariantCulture));
            for (int c = 0; c < d; c++) line.Add(span[r * d + c].ToString(CultureInfo.InvariantCulture));
            writer.WriteLine(string.Join(',', line));
        }
    }

    private static string Quote(string name) =>
        name.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + name.Replace("\"", "\"\"") + "\"" : name;
}
