using System.Numerics;

namespace Vae.Core.Data;

/// <summary>A seeded train/test split (see <see cref="Dataset{T}.Split"/>).</summary>
public sealed class TrainTestSplit<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal TrainTestSplit(Dataset<T> train, Dataset<T> test, int[] trainIndices, int[] testIndices)
    {
        Train = train;
        Test = test;
        TrainIndices = trainIndices;
        TestIndices = testIndices;
    }

    /// <summary>The training rows.</summary>
    public Dataset<T> Train { get; }

    /// <summary>The test rows.</summary>
    public Dataset<T> Test { get; }

    /// <summary>The original row index of each training row, ascending.</summary>
    public IReadOnlyList<int> TrainIndices { get; }

    /// <summary>The original row index of each test row, ascending.</summary>
    public IReadOnlyList<int> TestIndices { get; }
}
