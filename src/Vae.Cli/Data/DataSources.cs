using System.Security.Cryptography;
using Vae.Cli.Models;
using Vae.Core.Data;

namespace Vae.Cli.Data;

/// <summary>Resolves <c>--data</c> and loads it: split, preprocessed and described, the same way every time.</summary>
/// <remarks>
/// <c>digits</c> (the default, embedded), <c>fashion-mnist</c> or <c>fashion-mnist:DIR</c> (the IDX files
/// of the Debian package <c>dataset-fashion-mnist</c>, or those in DIR), a CSV file (<c>.csv</c>,
/// <c>.csv.gz</c>, <c>.txt</c>; missing cells allowed) or any other file as IDX images. Images are
/// scaled to [0, 1] and modelled as Bernoulli by default; CSV columns are standardised with the
/// training rows' mean and standard deviation and modelled as Gaussian.
/// </remarks>
internal static class DataSources
{
    private const string FashionPrefix = DataFormats.FashionMnist + ":";

    /// <summary>The settings for <paramref name="spec"/>, split with <paramref name="testFraction"/> and <paramref name="seed"/>.</summary>
    /// <exception cref="UsageException">The spec names nothing known, or the fraction is outside (0, 1).</exception>
    public static DataSettings Resolve(string spec, double testFraction, ulong seed, bool header)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!(testFraction > 0 && testFraction < 1))
            throw new UsageException($"--test-fraction must lie strictly between 0 and 1; got {testFraction}.");
        if (spec == DataFormats.Digits)
            return new DataSettings { Source = spec, Format = DataFormats.Digits, TestFraction = testFraction, SplitSeed = seed };
        if (spec == DataFormats.FashionMnist || spec.StartsWith(FashionPrefix, StringComparison.Ordinal))
        {
            string directory = spec == DataFormats.FashionMnist ? FashionMnist.DebianDirectory : Path.GetFullPath(spec[FashionPrefix.Length..]);
            return new DataSettings { Source = DataFormats.FashionMnist, Format = DataFormats.FashionMnist, Directory = directory };
        }
        if (!File.Exists(spec))
            throw new UsageException($"--data '{spec}' is neither digits, fashion-mnist[:DIR] nor an existing file.");
        string path = Path.GetFullPath(spec);
        string name = Path.GetFileName(path).ToLowerInvariant();
        bool csv = name.EndsWith(".csv", StringComparison.Ordinal) || name.EndsWith(".csv.gz", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal);
        return new DataSettings
        {
            Source = path,
            Format = csv ? DataFormats.Csv : DataFormats.Idx,
            TestFraction = testFraction,
            SplitSeed = seed,
            Header = header,
            Sha256 = Hash(path),
        };
    }

    /// <summary>Loads, splits and preprocesses the data of <paramref name="settings"/>.</summary>
    /// <remarks>
    /// Fashion-MNIST stays as bytes (<see cref="ImageDataset{T}"/>: 47 MB for the training images instead of
    /// 188 MB as floats), converted to the same float values batch by batch as training and evaluation read
    /// it; its values lie in [0, 1] by construction. The other sources are small and are loaded as floats.
    /// </remarks>
    /// <exception cref="InvalidDataException">A file changed since the settings were made, or a part of the split would be empty.</exception>
    public static LoadedData Load(DataSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Format == DataFormats.FashionMnist)
        {
            var (images, testImages) = (ReadFashionMnist(settings, train: true), ReadFashionMnist(settings, train: false));
            var imageInfo = new DataInfo(images.Dimension, InUnitInterval: true, HasMissing: false, Classes(images.Labels, testImages.Labels), Likelihoods.Bernoulli);
            return new LoadedData(settings, images, testImages, null, Numbered(images.Dimension), imageInfo);
        }
        var (all, columns) = Read(settings);
        TrainTestSplit<float> split;
        try
        {
            split = all.Split(settings.TestFraction, settings.SplitSeed);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"cannot split '{settings.Source}': {e.Message.Split(" (Parameter")[0]}", e);
        }
        var (train, test) = (split.Train, split.Test);
        Standardizer? standardizer = null;
        if (settings.Format == DataFormats.Csv)
        {
            standardizer = Standardizer.Fit(train);
            (train, test) = (standardizer.Apply(train), standardizer.Apply(test));
        }
        var info = new DataInfo(train.Dimension, InUnitInterval(train) && InUnitInterval(test), train.HasMask || test.HasMask,
            Classes(train.Labels, test.Labels), settings.Format == DataFormats.Csv ? Likelihoods.Gaussian : Likelihoods.Bernoulli);
        return new LoadedData(settings, train, test, standardizer, columns, info);
    }

    /// <summary>
    /// Every row of another source <paramref name="spec"/> (Fashion-MNIST: its test set), preprocessed as
    /// <paramref name="reference"/> was, for evaluating or reconstructing other data than the training run's.
    /// </summary>
    /// <exception cref="UsageException">The spec names nothing known.</exception>
    /// <exception cref="InvalidDataException">The rows have another number of features than the model.</exception>
    public static Dataset<float> LoadOther(string spec, LoadedData reference)
    {
        var settings = Resolve(spec, 0.5, 0, reference.Settings.Header);
        IRowSource<float> rows = settings.Format == DataFormats.FashionMnist ? ReadFashionMnist(settings, train: false) : Read(settings).All;
        if (rows.Dimension != reference.Info.Dimension)
            throw new InvalidDataException($"'{spec}' has {rows.Dimension} features; the model was trained on {reference.Info.Dimension}.");
        var values = rows.FirstRows(rows.Count);
        return reference.Standardizer?.Apply(values) ?? values;
    }

    /// <summary>The training (or test) images of Fashion-MNIST, kept as bytes.</summary>
    private static ImageDataset<float> ReadFashionMnist(DataSettings settings, bool train)
    {
        string directory = settings.Directory ?? FashionMnist.DebianDirectory;
        if (FashionMnist.TryFind(directory) is null)
            throw new FileNotFoundException(
                $"Fashion-MNIST is not in '{directory}' (install the Debian package dataset-fashion-mnist, or give --data fashion-mnist:DIR).");
        return FashionMnist.LoadImageDataset<float>(directory, train);
    }

    /// <summary>All rows of a source other than Fashion-MNIST, and the column names.</summary>
    private static (Dataset<float> All, IReadOnlyList<string> Columns) Read(DataSettings settings)
    {
        if (settings.Sha256 is { } expected && Hash(settings.Source) != expected)
            throw new InvalidDataException($"the data file '{settings.Source}' has changed since the model was trained (its SHA-256 differs).");
        switch (settings.Format)
        {
            case DataFormats.Digits:
                return (Digits.Load<float>(), Numbered(Digits.Dimension));
            case DataFormats.Idx:
                var images = IdxFile.LoadImages<float>(settings.Source);
                return (images, Numbered(images.Dimension));
            case DataFormats.Csv:
                var table = CsvReader.Read(settings.Source, settings.Header);
                return (table.ToDataset<float>(), table.ColumnNames ?? Numbered(table.ColumnCount));
            default:
                throw new InvalidDataException($"unknown data format '{settings.Format}'.");
        }
    }

    private static string[] Numbered(int count) => [.. Enumerable.Range(0, count).Select(i => $"x{i}")];

    private static bool InUnitInterval(Dataset<float> data)
    {
        foreach (float v in data.Features.ReadOnlySpan)
            if (!(v >= 0 && v <= 1)) return false;
        return true;
    }

    private static int Classes(IReadOnlyList<int>? train, IReadOnlyList<int>? test) =>
        train is null || test is null ? 0 : Math.Max(train.Max(), test.Count == 0 ? 0 : test.Max()) + 1;

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
