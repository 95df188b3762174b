using Vae.Core.Data;

namespace Vae.Cli.Reproduce;

/// <summary>The images of the VAE experiments, with the architecture sized for them.</summary>
/// <param name="Name">The dataset's name, for titles.</param>
/// <param name="Description">The dataset as the paper's prose introduces it.</param>
/// <param name="Train">The training images, grey levels in [0, 1] (binarised afresh every epoch during training).</param>
/// <param name="Test">The test images, grey levels.</param>
/// <param name="BinaryTest">The test images binarised once (each pixel 1 with probability its grey level): what the models are scored on.</param>
/// <param name="Side">The image side in pixels (images are square).</param>
/// <param name="ClassNames">The label names.</param>
/// <param name="Hidden">The hidden widths of encoder and (mirrored) decoder.</param>
/// <param name="Latent">The latent size of the main models (the 2-D model aside).</param>
/// <param name="BatchSize">Rows per mini-batch.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="Scale">Nearest-neighbour enlargement of the images in PNG grids.</param>
/// <param name="ShownPoints">How many test images the latent scatter plots show (the first ones).</param>
internal sealed record ImageData(string Name, string Description, Dataset<float> Train, Dataset<float> Test, Dataset<float> BinaryTest, int Side,
    IReadOnlyList<string> ClassNames, IReadOnlyList<int> Hidden, int Latent, int BatchSize, double LearningRate, int Scale, int ShownPoints)
{
    /// <summary>The seed of the test set's binarisation.</summary>
    public const ulong BinarisationSeed = 2400;

    /// <summary>Fashion-MNIST (its own 60000/10000 split) when the budget names its folder, else the digits' shared split.</summary>
    public static ImageData For(ExperimentContext context)
    {
        if (context.Budget.FashionMnistDirectory is { } directory)
        {
            var test = FashionMnist.Load<float>(directory, train: false);
            return new ImageData("Fashion-MNIST", "Fashion-MNIST (Xiao et al., 2017: 28×28 grey images of clothing in ten classes)", FashionMnist.Load<float>(directory, train: true), test, Binarization.Sample(test, BinarisationSeed, 0),
                FashionMnist.ImageSize, FashionMnist.ClassNames, [400], 20, 128, 1e-3, 2, Math.Min(test.Count, 2000));
        }
        var split = context.Digits;
        return new ImageData("8×8 digits", "the 8×8 digits", split.Train, split.Test, Binarization.Sample(split.Test, BinarisationSeed, 0), 8,
            [.. Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))], [128], 8, 64, 3e-3, 5, split.Test.Count);
    }

    /// <summary>The number of classes.</summary>
    public int Classes => ClassNames.Count;
}
