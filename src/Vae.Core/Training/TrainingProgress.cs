namespace Vae.Core.Training;

/// <summary>
/// Where a training run stands between two optimiser steps: the next step is batch
/// <see cref="Batch"/> (from 0) of epoch <see cref="Epoch"/> (from 0), and the epoch's batches so far
/// contributed <see cref="LossSum"/> (batch loss × batch size, summed) over <see cref="Rows"/> rows.
/// </summary>
/// <remarks>
/// With the optimiser state, the generator state and the parameters, this is all a checkpoint needs
/// for <see cref="Trainer{T}"/> to continue bit for bit, even from the middle of an epoch; the loss sums
/// make the interrupted epoch's <see cref="EpochReport.Loss"/> the same as an uninterrupted run's.
/// The default value is the start of training.
/// </remarks>
/// <param name="Epoch">Completed epochs: the 0-based epoch the next step belongs to.</param>
/// <param name="Batch">Completed batches of that epoch: the 0-based index of the next batch.</param>
/// <param name="LossSum">Σ batch loss × batch size over that epoch's completed batches.</param>
/// <param name="Rows">The rows in that epoch's completed batches.</param>
public readonly record struct TrainingProgress(int Epoch, int Batch, double LossSum, long Rows)
{
    /// <summary>The start of epoch <paramref name="epoch"/> (0-based): nothing of it done yet.</summary>
    public static TrainingProgress AtEpoch(int epoch) => new(epoch, 0, 0, 0);

    /// <summary>Checks that the counts are not negative and that a position at a batch boundary has no loss yet.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or the loss sums are set at batch 0.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Epoch, nameof(Epoch));
        ArgumentOutOfRangeException.ThrowIfNegative(Batch, nameof(Batch));
        ArgumentOutOfRangeException.ThrowIfNegative(Rows, nameof(Rows));
        if (Batch == 0 && (Rows != 0 || LossSum != 0))
            throw new ArgumentOutOfRangeException(nameof(Rows), $"At batch 0 no rows are done; got Rows = {Rows}, LossSum = {LossSum}.");
        if (Batch > 0 && Rows == 0)
            throw new ArgumentOutOfRangeException(nameof(Rows), $"After {Batch} batches some rows are done; got Rows = 0.");
    }
}
