using Vae.Core.Data;

namespace Vae.Cli.Models;

/// <summary>Splits a dataset into consecutive row blocks so that a pass over it holds bounded memory.</summary>
internal static class Chunking
{
    /// <summary><paramref name="data"/> in consecutive chunks of at most <paramref name="rows"/> rows (the dataset itself when it fits in one).</summary>
    public static IEnumerable<Dataset<float>> Chunks(Dataset<float> data, int rows)
    {
        if (data.Count <= rows)
        {
            yield return data;
            yield break;
        }
        for (int start = 0; start < data.Count; start += rows)
            yield return data.Select(Enumerable.Range(start, Math.Min(rows, data.Count - start)).ToArray());
    }
}
