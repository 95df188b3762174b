using System.Globalization;
using System.IO.Compression;
using System.Text;
using Vae.Core.Data;

namespace Vae.Cli.Data;

/// <summary>
/// A CSV file kept as its bytes beside its parsed table, so that a copy can be written with only the
/// missing cells changed: every other byte (header, observed cells as typed, quoting, spaces, line
/// endings, a UTF-8 byte-order mark) is copied unchanged.
/// </summary>
/// <remarks>
/// The table is read by <see cref="CsvReader"/> (empty, <c>NA</c> or <c>NaN</c> cells are missing). The
/// rewrite works on the bytes: lines end at CR, LF or CR LF, and fields are split at commas outside
/// double quotes exactly as the reader splits them; since all of these are ASCII, any ASCII-compatible
/// encoding (UTF-8, Latin-1) is kept byte for byte. A missing cell's whole field (with any quotes and
/// spaces around the marker) is replaced by the number. UTF-16 and UTF-32 files are refused. A
/// gzip-compressed file is read decompressed, and its copy is written uncompressed.
/// </remarks>
internal sealed class CsvDocument
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private readonly byte[] bytes;

    private CsvDocument(string path, byte[] bytes, CsvTable table)
    {
        Path = path;
        this.bytes = bytes;
        Table = table;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The values and the observed mask.</summary>
    public CsvTable Table { get; }

    /// <summary>Reads the CSV file at <paramref name="path"/>, whose first line names the columns when <paramref name="header"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="CsvFormatException">A row is ragged or a cell is not a number.</exception>
    /// <exception cref="InvalidDataException">The file is UTF-16 or UTF-32 text.</exception>
    public static CsvDocument Read(string path, bool header)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes is [0x1F, 0x8B, ..])
        {
            using var decompressed = new MemoryStream();
            using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress)) gzip.CopyTo(decompressed);
            bytes = decompressed.ToArray();
        }
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0, 0, 0xFE, 0xFF, ..])
            throw new InvalidDataException($"'{path}' is UTF-16 or UTF-32 text; vae reads CSV as UTF-8 (or ASCII).");
        var table = CsvReader.Read(new MemoryStream(bytes, writable: false), path, header);
        return new CsvDocument(path, bytes, table);
    }

    /// <summary>
    /// The file's bytes with each missing cell (r, c) replaced by <paramref name="values"/>[r·columns + c]
    /// in the shortest form that reads back as the same float.
    /// </summary>
    /// <exception cref="ArgumentException">There is not one value per cell.</exception>
    public byte[] WithMissingFilled(ReadOnlySpan<float> values)
    {
        int rows = Table.RowCount, columns = Table.ColumnCount;
        if (values.Length != rows * columns)
            throw new ArgumentException($"Expected {rows * columns} values (one per cell); got {values.Length}.", nameof(values));
        var mask = Table.Mask.ReadOnlySpan;
        var output = new MemoryStream(bytes.Length + 16 * Table.MissingCount);
        int position = bytes.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        output.Write(bytes, 0, position);
        var fields = new List<(int Start, int End)>();
        int row = Table.ColumnNames is null ? 0 : -1;
        while (position < bytes.Length)
        {
            int end = position;
            while (end < bytes.Length && bytes[end] is not ((byte)'\r' or (byte)'\n')) end++;
            int next = end < bytes.Length && bytes[end] == '\r' && end + 1 < bytes.Length && bytes[end + 1] == '\n' ? end + 2
                : Math.Min(end + 1, bytes.Length);
            if (row < 0 || !HasMissing(mask, row, columns))
                output.Write(bytes, position, next - position);
            else
            {
                Split(position, end, fields);
                if (fields.Count != columns)
                    throw new InvalidDataException($"'{Path}': line of data row {row + 1} splits into {fields.Count} fields, not {columns}.");
                int copied = position;
                for (int c = 0; c < columns; c++)
                {
                    if (mask[row * columns + c] != 0) continue;
                    output.Write(bytes, copied, fields[c].Start - copied);
                    output.Write(Encoding.ASCII.GetBytes(values[row * columns + c].ToString(CultureInfo.InvariantCulture)));
                    copied = fields[c].End;
                }
                output.Write(bytes, copied, next - copied);
            }
            position = next;
            row++;
        }
        if (row != rows) throw new InvalidDataException($"'{Path}' splits into {row} data lines, not the {rows} rows read.");
        return output.ToArray();
    }

    private static bool HasMissing(ReadOnlySpan<double> mask, int row, int columns) => mask.Slice(row * columns, columns).Contains(0.0);

    /// <summary>The byte ranges of the fields of the line bytes[start..end), split as <see cref="CsvReader"/> splits them.</summary>
    private void Split(int start, int end, List<(int Start, int End)> fields)
    {
        fields.Clear();
        int i = start;
        while (true)
        {
            int fieldStart = i;
            while (i < end && bytes[i] == ' ') i++;
            if (i < end && bytes[i] == '"')
            {
                for (i++; i < end; i++)
                {
                    if (bytes[i] != '"') continue;
                    if (i + 1 < end && bytes[i + 1] == '"') i++;
                    else break;
                }
                i++;
            }
            while (i < end && bytes[i] != ',') i++;
            fields.Add((fieldStart, i));
            if (i >= end) return;
            i++;
            if (i == end)
            {
                fields.Add((end, end));
                return;
            }
        }
    }
}
