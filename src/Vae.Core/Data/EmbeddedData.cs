using System.IO.Compression;

namespace Vae.Core.Data;

/// <summary>Opens the gzip-compressed CSV resources embedded in this assembly (see <c>Data/Resources</c>).</summary>
internal static class EmbeddedData
{
    /// <summary>The decompressed stream of resource <c>Vae.Core.Data.Resources.<paramref name="fileName"/></c>.</summary>
    internal static Stream OpenGzip(string fileName)
    {
        string name = "Vae.Core.Data.Resources." + fileName;
        var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing from {typeof(EmbeddedData).Assembly.GetName().Name}.");
        return new GZipStream(stream, CompressionMode.Decompress);
    }

    /// <summary>Throws when an embedded table does not have the documented shape.</summary>
    internal static void CheckShape(CsvTable table, int rows, int columns)
    {
        if (table.RowCount != rows || table.ColumnCount != columns)
            throw new InvalidDataException(
                $"{table.SourceName} has {table.RowCount} rows of {table.ColumnCount} columns; expected {rows} of {columns}.");
    }
}
