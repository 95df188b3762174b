using Vae.Core.Data;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Data;

public class MiniBatcherTests
{
    [Fact]
    public void EachEpochVisitsTheRowsInThePermutationOrderWithTheirContents()
    {
        var data = DatasetTests.Numbered(103, 4);
        var batcher = new MiniBatcher<double>(data, 10, seed: 3);
        Assert.Equal(11, batcher.BatchCount);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var visited = new List<int>();
            int index = 0;
            foreach (var batch in batcher.Epoch(epoch))
            {
                Assert.Equal(epoch, batch.Epoch);
                Assert.Equal(index++, batch.Index);
                Assert.Equal(index == 11 ? 3 : 10, batch.Count);
                Assert.Equal(new Shape(batch.Count, 4), batch.Features.Shape);
                for (int i = 0; i < batch.Count; i++)
                {
                    int row = batch.Indices[i];
                    Assert.Equal(row % 3, batch.Labels![i]);
                    for (int c = 0; c < 4; c++) Assert.Equal(10.0 * row + c, batch.Features[i, c]);
                }
                visited.AddRange(batch.Indices);
            }
            Assert.Equal(Shuffling.Permutation(103, 3, epoch), visited);
        }
    }

    [Fact]
    public void WithoutShufflingRowsComeInOrderAndDropLastSkipsTheShortBatch()
    {
        var data = DatasetTests.Numbered(25, 2, labels: false);
        var ordered = new MiniBatcher<double>(data, 10, seed: 1, shuffle: false, dropLast: true);
        Assert.Equal(2, ordered.BatchCount);
        var rows = ordered.Epoch(5).SelectMany(b => b.Indices.ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, 20), rows);
        Assert.All(ordered.Epoch(0), b => Assert.Null(b.Labels));
        var single = new MiniBatcher<double>(data, 100, seed: 1);
        Assert.Equal(25, Assert.Single(single.Epoch(0)).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatcher<double>(data, 100, 1, dropLast: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MiniBatcher<double>(data, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ordered.Epoch(-1));
    }

    [Fact]
    public void MaskRowsTravelWithTheirFeatures()
    {
        var data = Missingness.Mcar(DatasetTests.Numbered(30, 5), 0.3, seed: 2);
        foreach (var batch in new MiniBatcher<double>(data, 7, seed: 9).Epoch(0))
            for (int i = 0; i < batch.Count; i++)
                for (int c = 0; c < 5; c++)
                {
                    Assert.Equal(data.Mask![batch.Indices[i], c], batch.Mask![i, c]);
                    Assert.Equal(data.Features[batch.Indices[i], c], batch.Features[i, c]);
                }
    }

    [Fact]
    public void SteadyStateEpochsAllocateNothingPerBatch()
    {
        var data = Digits.Load<float>();
        var batcher = new MiniBatcher<float>(data, 16, seed: 1, binarize: true); // 113 batches, the last of 5
        float sum = 0;
        foreach (var batch in batcher.Epoch(0)) sum += batch.Features[0];
        int epoch = 0;
        long allocated = AllocationProbe.Quietest(() =>
        {
            foreach (var batch in batcher.Epoch(++epoch)) sum += batch.Features[0];
        });
        // Only the epoch's enumerator (tens of bytes); one 8-byte allocation per batch would exceed 512.
        Assert.InRange(allocated, 0, 512);
        Assert.True(sum >= 0);
    }

    [Fact]
    public void DynamicBinarisationOfBatchesEqualsBinarisingTheDataset()
    {
        var data = Digits.Load<float>();
        var batcher = new MiniBatcher<float>(data, 50, seed: 77, binarize: true);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var expected = Binarization.Sample(data, seed: 77, epoch: epoch);
            foreach (var batch in batcher.Epoch(epoch))
                Assert.Equal(expected.Select(batch.Indices).Features.ToArray(), batch.Features.ToArray());
        }
    }

    [Fact]
    public void OnlyOneEnumerationAtATime()
    {
        var batcher = new MiniBatcher<double>(DatasetTests.Numbered(10, 2), 3, seed: 1);
        using var first = batcher.Epoch(0).GetEnumerator();
        Assert.True(first.MoveNext());
        Assert.Throws<InvalidOperationException>(() => batcher.Epoch(1).GetEnumerator().MoveNext());
        first.Dispose();
        Assert.Equal(4, batcher.Epoch(1).Count());
    }
}
