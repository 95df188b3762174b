using Vae.Core.Data;

namespace Vae.Bench;

/// <summary>The benchmarks' data: Fashion-MNIST from the Debian package, the files the PyTorch peers read too.</summary>
internal static class BenchData
{
    /// <summary>The directory holding the four files, or null with a message on standard error.</summary>
    public static string? Directory()
    {
        string? directory = FashionMnist.TryFind();
        if (directory is null)
            Console.Error.WriteLine($"Fashion-MNIST is not in {FashionMnist.DebianDirectory} (install the Debian package dataset-fashion-mnist).");
        return directory;
    }

    /// <summary>The training (or test) images [n, 784], kept as bytes and read as floats in [0, 1] (a quarter of the memory).</summary>
    public static ImageDataset<float> Load(string directory, bool train) => FashionMnist.LoadImageDataset<float>(directory, train);
}
