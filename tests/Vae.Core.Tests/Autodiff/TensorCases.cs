using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>A generated case for an axis-wise op: dimensions, an axis (possibly negative), keepDims, a value seed.</summary>
public sealed record AxisCase(int[] Dims, int Axis, bool KeepDims, int Seed)
{
    /// <summary>The axis mapped to 0..rank-1.</summary>
    public int NormalizedAxis => Axis < 0 ? Axis + Dims.Length : Axis;

    /// <inheritdoc />
    public override string ToString() => $"dims {Format(Dims)}, axis {Axis}, keepDims {KeepDims}, seed {Seed}";

    /// <summary>Dimensions in brackets.</summary>
    public static string Format(int[] dims) => "[" + string.Join(", ", dims) + "]";
}

/// <summary>Generators of small random shapes and the naive, loop-based indexing the reference results use.</summary>
public static class TensorCases
{
    /// <summary>Rank 1 to 4 with extents 1..4 (1..3 at rank 4): at most 81 elements, so finite differences stay cheap.</summary>
    public static Gen<int[]> Dims { get; } =
        from rank in Gen.Choose(1, 4)
        from dims in Gen.ArrayOf(Gen.Choose(1, rank == 4 ? 3 : 4), rank)
        select dims;

    /// <summary>Every axis (negative or not) and both keepDims settings over <see cref="Dims"/>.</summary>
    public static Gen<AxisCase> AxisCases { get; } =
        from dims in Dims
        from axis in Gen.Choose(-dims.Length, dims.Length - 1)
        from keep in Gen.Elements(false, true)
        from seed in Gen.Choose(0, int.MaxValue)
        select new AxisCase(dims, axis, keep, seed);

    /// <summary>A tensor with entries uniform in [low, high).</summary>
    public static Tensor<double> Random(int[] dims, int seed, double low = -2, double high = 2)
    {
        var random = new System.Random(seed);
        var t = Tensor<double>.Zeros(dims);
        for (int i = 0; i < t.Size; i++) t[i] = low + (high - low) * random.NextDouble();
        return t;
    }

    /// <summary>The row-major flat index of <paramref name="index"/> in <paramref name="dims"/>.</summary>
    public static int Flat(int[] dims, int[] index)
    {
        int flat = 0;
        for (int i = 0; i < dims.Length; i++) flat = flat * dims[i] + index[i];
        return flat;
    }

    /// <summary>Every multi-index of <paramref name="dims"/> in row-major order (a fresh array each).</summary>
    public static IEnumerable<int[]> Indices(int[] dims)
    {
        int size = 1;
        foreach (int d in dims) size *= d;
        for (int flat = 0; flat < size; flat++)
        {
            var index = new int[dims.Length];
            for (int i = dims.Length - 1, rest = flat; i >= 0; i--)
            {
                index[i] = rest % dims[i];
                rest /= dims[i];
            }
            yield return index;
        }
    }

    /// <summary>
    /// f applied to the values along <paramref name="axis"/> at every other position, in row-major
    /// order of the kept axes; computed by plain coordinate loops, independent of the kernels.
    /// </summary>
    public static double[] NaiveReduce(Tensor<double> x, int[] dims, int axis, Func<double[], double> f)
    {
        var outer = (int[])dims.Clone();
        outer[axis] = 1;
        var result = new List<double>();
        foreach (var index in Indices(outer))
        {
            var line = new double[dims[axis]];
            for (int k = 0; k < line.Length; k++)
            {
                var at = (int[])index.Clone();
                at[axis] = k;
                line[k] = x[Flat(dims, at)];
            }
            result.Add(f(line));
        }
        return [.. result];
    }

    /// <summary>The dimensions left after reducing <paramref name="axis"/>.</summary>
    public static int[] Reduced(int[] dims, int axis, bool keepDims) =>
        keepDims ? dims.Select((d, i) => i == axis ? 1 : d).ToArray() : dims.Where((_, i) => i != axis).ToArray();
}
