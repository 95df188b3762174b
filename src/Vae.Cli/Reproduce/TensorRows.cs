using Vae.Core.Tensors;

namespace Vae.Cli.Reproduce;

/// <summary>Row operations on [n, d] tensors that the experiments share.</summary>
internal static class TensorRows
{
    /// <summary>The first <paramref name="count"/> rows, copied.</summary>
    public static Tensor<float> First(Tensor<float> x, int count)
    {
        int d = x.Shape[1];
        return Tensor<float>.FromArray(x.ReadOnlySpan[..(count * d)].ToArray(), count, d);
    }

    /// <summary>The rows <paramref name="rows"/> of <paramref name="x"/>, copied in that order.</summary>
    public static Tensor<float> Select(Tensor<float> x, IReadOnlyList<int> rows)
    {
        int d = x.Shape[1];
        var result = new Tensor<float>(new Shape(rows.Count, d));
        for (int i = 0; i < rows.Count; i++) x.ReadOnlySpan.Slice(rows[i] * d, d).CopyTo(result.Span.Slice(i * d, d));
        return result;
    }

    /// <summary>The rows of every block, block after block (all blocks [·, d] with one d).</summary>
    public static Tensor<float> Stack(IReadOnlyList<Tensor<float>> blocks)
    {
        int d = blocks[0].Shape[1];
        var all = blocks.SelectMany(b => b.ToArray()).ToArray();
        return Tensor<float>.FromArray(all, all.Length / d, d);
    }

    /// <summary>(1/n) Σᵢ ‖aᵢ − bᵢ‖² over the n rows, accumulated in double.</summary>
    public static double MeanSquaredError(Tensor<float> a, Tensor<float> b)
    {
        double sum = 0;
        var x = a.ReadOnlySpan;
        var y = b.ReadOnlySpan;
        for (int i = 0; i < x.Length; i++) sum += ((double)x[i] - y[i]) * ((double)x[i] - y[i]);
        return sum / a.Shape[0];
    }
}
