using Vae.Core.Data;

namespace Vae.Cli.Models;

/// <summary>Splits rows into consecutive blocks so that a pass over them holds bounded memory.</summary>
internal static class Chunking
{
    /// <summary>
    /// The rows of <paramref name="data"/> in consecutive chunks of at most <paramref name="rows"/> rows, each
    /// copied into a <see cref="Dataset{T}"/> (a dataset that fits in one chunk is returned itself). A compact
    /// source such as an <see cref="ImageDataset{T}"/> is thus read as floats one chunk at a time.
    /// </summary>
    public static IEnumerable<Dataset<float>> Chunks(IRowSource<float> data, int rows)
    {
        if (data is Dataset<float> whole && whole.Count <= rows)
        {
            yield return whole;
            yield break;
        }
        for (int start = 0; start < data.Count; start += rows)
            yield return data.ToDataset(start, Math.Min(rows, data.Count - start));
    }
}
