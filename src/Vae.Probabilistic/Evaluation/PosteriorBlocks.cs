using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using Vae.Probabilistic.Models;

namespace Vae.Probabilistic.Evaluation;

/// <summary>The posterior q(z | x) of a dataset, block by block on one reused tape.</summary>
internal static class PosteriorBlocks
{
    /// <summary>
    /// Yields (q, start, count) for consecutive blocks of at most <paramref name="rowsPerPass"/> rows;
    /// each q lives on a tape that the next block resets, so consume it before moving on.
    /// </summary>
    public static IEnumerable<(Distribution<T> Posterior, int Start, int Count)> Enumerate<T>(ILatentVariableModel<T> model, Tensor<T> x,
        Tensor<T>? mask, Tensor<T>? conditions, int rowsPerPass)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RowBlocks.Check(model, x, mask, conditions);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerPass, 1);
        return Blocks(model, RowBlocks.ZeroFilled(x, mask), mask, conditions, rowsPerPass);
    }

    private static IEnumerable<(Distribution<T>, int, int)> Blocks<T>(ILatentVariableModel<T> model, Tensor<T> x,
        Tensor<T>? mask, Tensor<T>? conditions, int rowsPerPass)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tape = new Tape<T>();
        int n = x.Shape[0];
        for (int start = 0; start < n; start += rowsPerPass)
        {
            int count = Math.Min(rowsPerPass, n - start);
            tape.Reset();
            var bound = RowBlocks.Bind(model, conditions, start, count);
            var ms = mask is null ? null : RowBlocks.Rows(mask, start, count);
            yield return (bound.Posterior(tape.Constant(RowBlocks.Rows(x, start, count)), ms), start, count);
        }
    }
}
