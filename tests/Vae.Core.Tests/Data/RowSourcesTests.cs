using Vae.Core.Data;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Data;

public class RowSourcesTests
{
    [Fact]
    public void Chosen_rows_of_a_dataset_come_back_with_their_labels_and_mask()
    {
        // Row r holds 10r and 10r + 1; the mask hides row 1's second value (which is therefore 0).
        var x = Tensor<double>.FromArray([0, 1, 10, 0, 20, 21, 30, 31], 4, 2);
        var mask = Tensor<double>.FromArray([1, 1, 1, 0, 1, 1, 1, 1], 4, 2);
        IRowSource<double> data = new Dataset<double>(x, [7, 8, 9, 6], mask);
        var chosen = data.ToDataset([3, 1, 3]);
        Assert.Equal([30.0, 31, 10, 0, 30, 31], chosen.Features.ToArray());
        Assert.Equal([1.0, 1, 1, 0, 1, 1], chosen.Mask!.ToArray());
        Assert.Equal([6, 8, 6], chosen.Labels!);
        var block = data.ToDataset(1, 2);
        Assert.Equal([10.0, 0, 20, 21], block.Features.ToArray());
        Assert.Equal([1.0, 0, 1, 1], block.Mask!.ToArray());
        Assert.Equal([8, 9], block.Labels!);
        var none = data.ToDataset(4, 0);
        Assert.Equal((0, 2), (none.Count, none.Dimension));
    }

    [Fact]
    public void First_rows_are_the_dataset_itself_when_they_are_all_of_it_and_a_copy_otherwise()
    {
        var data = new Dataset<double>(Tensor<double>.FromArray([0, 1, 10, 11, 20, 21], 3, 2), [5, 6, 7]);
        Assert.Same(data, data.FirstRows(3));
        var first = data.FirstRows(2);
        Assert.NotSame(data, first);
        Assert.Equal([0.0, 1, 10, 11], first.Features.ToArray());
        Assert.Equal([5, 6], first.Labels!);
        var images = new ImageDataset<double>([0, 255, 51, 102], 2, 2);
        Assert.Equal([0.0, 1, 0.2, 0.4], images.FirstRows(2).Features.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.FirstRows(4));
    }

    [Fact]
    public void Blocks_of_an_image_dataset_equal_the_same_rows_of_its_float_dataset()
    {
        var pixels = IdxBytes.RandomBytes(9 * 6, 17);
        var images = new ImageDataset<float>(pixels, 9, 6, [.. Enumerable.Range(0, 9)]);
        var floats = new Dataset<float>(Tensor<float>.FromArray([.. pixels.Select(b => b / 255f)], 9, 6), [.. Enumerable.Range(0, 9)]);
        var block = images.ToDataset(4, 5);
        Assert.Equal(floats.Select([4, 5, 6, 7, 8]).Features.ToArray(), block.Features.ToArray());
        Assert.Equal([4, 5, 6, 7, 8], block.Labels!);
        Assert.Null(block.Mask);
        Assert.Equal(floats.Select([8, 0]).Features.ToArray(), images.ToDataset([8, 0]).Features.ToArray());
    }

    [Fact]
    public void Rows_past_the_end_and_negative_arguments_are_refused()
    {
        IRowSource<float> images = new ImageDataset<float>(new byte[12], 4, 3);
        Assert.Contains("Rows 2 to 4 run past the last row, 3",
            Assert.Throws<ArgumentOutOfRangeException>(() => images.ToDataset(2, 3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => images.ToDataset(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => images.ToDataset(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => images.ToDataset(int.MaxValue, 2));
        Assert.Contains("Row 4 is outside 0..3", Assert.Throws<ArgumentOutOfRangeException>(() => images.ToDataset([0, 4])).Message);
    }
}
