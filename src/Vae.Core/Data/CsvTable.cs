using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>A numeric CSV table read by <see cref="CsvReader"/>: values with an observed mask.</summary>
public sealed class CsvTable
{
    private readonly string[]? columnNames;
    private readonly int firstDataLine;

    internal CsvTable(string sourceName, string[]? columnNames, Tensor<double> values, Tensor<double> mask, int missingCount, int firstDataLine)
    {
        SourceName = sourceName;
        this.columnNames = columnNames;
        Values = values;
        Mask = mask;
        MissingCount = missingCount;
        this.firstDataLine = firstDataLine;
    }

    /// <summary>The file (or the name given for a stream).</summary>
    public string SourceName { get; }

    /// <summary>The header's column names, or null when the file was read without a header.</summary>
    public IReadOnlyList<string>? ColumnNames => columnNames;

    /// <summary>The number of data rows.</summary>
    public int RowCount => Values.Shape[0];

    /// <summary>The number of columns.</summary>
    public int ColumnCount => Values.Shape[1];

    /// <summary>The values [rows, columns]; 0 where a cell is missing.</summary>
    public Tensor<double> Values { get; }

    /// <summary>The observed mask [rows, columns]: 1 observed, 0 missing.</summary>
    public Tensor<double> Mask { get; }

    /// <summary>The number of missing cells.</summary>
    public int MissingCount { get; }

    /// <summary>All columns as features, without labels; a mask only when some cell is missing.</summary>
    public Dataset<T> ToDataset<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        new(Values.Cast<T>(), null, MissingCount > 0 ? Mask.Cast<T>() : null);

    /// <summary>
    /// Column <paramref name="labelColumn"/> (0-based) as integer labels and the other columns as
    /// features; a mask only when some feature cell is missing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The column does not exist.</exception>
    /// <exception cref="CsvFormatException">A label is missing, not a whole number, or outside 0..int.MaxValue.</exception>
    public Dataset<T> ToDataset<T>(int labelColumn) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if ((uint)labelColumn >= (uint)ColumnCount)
            throw new ArgumentOutOfRangeException(nameof(labelColumn), $"Column {labelColumn} is outside 0..{ColumnCount - 1}.");
        int n = RowCount, c = ColumnCount, d = c - 1;
        var labels = new int[n];
        var features = new Tensor<T>(new Shape(n, d));
        var mask = new Tensor<T>(new Shape(n, d));
        var v = Values.ReadOnlySpan;
        var m = Mask.ReadOnlySpan;
        var x = features.Span;
        var o = mask.Span;
        int missing = 0;
        for (int r = 0; r < n; r++)
        {
            int at = r * c + labelColumn;
            double label = v[at];
            if (m[at] == 0 || label != Math.Floor(label) || label < 0 || label > int.MaxValue)
                throw new CsvFormatException(SourceName, firstDataLine + r, labelColumn + 1,
                    m[at] == 0 ? "the label is missing." : $"the label {label} is not a whole number in 0..{int.MaxValue}.");
            labels[r] = (int)label;
            for (int j = 0, k = 0; j < c; j++)
            {
                if (j == labelColumn) continue;
                x[r * d + k] = T.CreateTruncating(v[r * c + j]);
                o[r * d + k] = T.CreateTruncating(m[r * c + j]);
                if (m[r * c + j] == 0) missing++;
                k++;
            }
        }
        return new Dataset<T>(features, labels, missing > 0 ? mask : null);
    }
}
