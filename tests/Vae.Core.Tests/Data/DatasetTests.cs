using Vae.Core.Data;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Data;

public class DatasetTests
{
    /// <summary>Row r, column c holds 10·r + c, so every value names its position.</summary>
    internal static Dataset<double> Numbered(int rows, int columns, bool labels = true)
    {
        var x = Tensor<double>.Zeros(rows, columns);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) x[r, c] = 10 * r + c;
        return new Dataset<double>(x, labels ? Enumerable.Range(0, rows).Select(r => r % 3).ToArray() : null);
    }

    [Fact]
    public void ConstructorChecksTheInvariants()
    {
        Assert.Throws<ArgumentException>(() => new Dataset<float>(Tensor<float>.Zeros(6)));
        var nan = Tensor<float>.Zeros(2, 2);
        nan[1, 0] = float.NaN;
        Assert.Contains("[1, 0]", Assert.Throws<ArgumentException>(() => new Dataset<float>(nan)).Message);
        Assert.Throws<ArgumentException>(() => new Dataset<float>(Tensor<float>.Zeros(2, 2), [1]));
        Assert.Throws<ArgumentException>(() => new Dataset<float>(Tensor<float>.Zeros(2, 2), null, Tensor<float>.Zeros(2, 3)));
        Assert.Throws<ArgumentException>(() => new Dataset<float>(Tensor<float>.Zeros(2, 2), null, Tensor<float>.Full(new Shape(2, 2), 0.5f)));
        var x = Tensor<float>.FromArray([1, 2, 3, 4], 2, 2);
        var mask = Tensor<float>.FromArray([1, 0, 1, 1], 2, 2);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentException>(() => new Dataset<float>(x, null, mask)).Message);
        var ok = new Dataset<float>(Tensor<float>.FromArray([1, 0, 3, 4], 2, 2), [5, 6], mask);
        Assert.True(ok.HasMask);
        Assert.True(ok.HasLabels);
        Assert.Equal("Dataset<Single>[2, 2] labelled masked", ok.ToString());
    }

    [Fact]
    public void SelectCopiesRowsLabelsAndMaskInTheGivenOrder()
    {
        var x = Tensor<double>.FromArray([1, 0, 3, 4, 5, 6], 3, 2);
        var mask = Tensor<double>.FromArray([1, 0, 1, 1, 1, 1], 3, 2);
        var data = new Dataset<double>(x, [7, 8, 9], mask);
        var s = data.Select([2, 0, 2]);
        Assert.Equal([5.0, 6, 1, 0, 5, 6], s.Features.ToArray());
        Assert.Equal([1.0, 1, 1, 0, 1, 1], s.Mask!.ToArray());
        Assert.Equal([9, 7, 9], s.Labels!);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Select([3]));
        Assert.Equal(x.ToArray().Select(v => (float)v), data.Cast<float>().Features.ToArray());
    }

    [Fact]
    public void SplitIsASeededPartitionWithRoundedTestSize()
    {
        var data = Numbered(101, 3);
        var split = data.Split(0.25, seed: 4);
        // round(0.25 · 101) = round(25.25) = 25.
        Assert.Equal(25, split.Test.Count);
        Assert.Equal(76, split.Train.Count);
        Assert.Equal(Enumerable.Range(0, 101), split.TrainIndices.Concat(split.TestIndices).Order());
        Assert.Equal(split.TestIndices.Order(), split.TestIndices);
        Assert.Equal(split.TrainIndices.Order(), split.TrainIndices);
        for (int i = 0; i < split.Test.Count; i++)
        {
            Assert.Equal(10.0 * split.TestIndices[i], split.Test.Features[i, 0]);
            Assert.Equal(split.TestIndices[i] % 3, split.Test.Labels![i]);
        }
        Assert.Equal(split.TestIndices, data.Split(0.25, 4).TestIndices);
        Assert.NotEqual(split.TestIndices, data.Split(0.25, 5).TestIndices);
        Assert.Equal(51, data.Split(0.5, 1).Test.Count); // 50.5 rounds away from zero
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(0.001, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(double.NaN, 1));
    }
}
