using System.Security.Cryptography;
using Vae.Core.Data;

namespace Vae.Core.Tests.Data;

public class EmbeddedDatasetsTests
{
    private static string ResourceSha256(string name)
    {
        using var stream = typeof(Digits).Assembly.GetManifestResourceStream("Vae.Core.Data.Resources." + name)!;
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    [Fact]
    public void DigitsResourceIsScikitLearnsFileByteForByte()
    {
        // sha256sum of scikit-learn's sklearn/datasets/data/digits.csv.gz (see Data/Resources/DIGITS.md).
        Assert.Equal("46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a", ResourceSha256("digits.csv.gz"));
    }

    [Fact]
    public void DigitsLoadsWithTheKnownShapeLabelCountsAndPixels()
    {
        var digits = Digits.Load<double>();
        Assert.Equal(1797, digits.Count);
        Assert.Equal(64, digits.Dimension);
        Assert.Null(digits.Mask);
        // Class counts of the UCI optdigits test set (UCI dataset page), also counted from the raw CSV
        // with `zcat digits.csv.gz | awk -F, '{print $NF}' | sort | uniq -c`.
        int[] expected = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];
        var counts = new int[10];
        foreach (int label in digits.Labels!) counts[label]++;
        Assert.Equal(expected, counts);
        // Pixels are integers 0..16 divided by 16 (exact in binary), summing to 561718 over the file
        // (awk sum of the first 64 fields of every line).
        double sum = 0;
        foreach (double v in digits.Features.ToArray())
        {
            Assert.InRange(v, 0, 1);
            Assert.Equal(Math.Round(v * 16), v * 16);
            sum += v * 16;
        }
        Assert.Equal(561718, sum);
        // First line of the file: 0,0,5,13,9,1,0,0,... with label 0.
        Assert.Equal([0, 0, 5 / 16.0, 13 / 16.0, 9 / 16.0, 1 / 16.0, 0, 0], digits.Features.ToArray()[..8]);
        Assert.Equal(0, digits.Labels![0]);
        Assert.Equal(digits.Features.Cast<float>().ToArray(), Digits.Load<float>().Features.ToArray());
    }

    [Fact]
    public void BreastCancerLoadsWithTheDocumentedShapeClassesAndRanges()
    {
        var data = BreastCancer.Load<double>();
        Assert.Equal(569, data.Count);
        Assert.Equal(30, data.Dimension);
        Assert.Equal(30, BreastCancer.FeatureNames.Count);
        Assert.Null(data.Mask);
        // Class distribution from breast_cancer.rst: 212 malignant (label 0), 357 benign (label 1).
        Assert.Equal(212, data.Labels!.Count(l => l == 0));
        Assert.Equal(357, data.Labels!.Count(l => l == 1));
        // Min/max from the summary table of breast_cancer.rst.
        (int Column, double Min, double Max)[] ranges = [(0, 6.981, 28.11), (3, 143.5, 2501.0), (23, 185.2, 4254.0), (6, 0.0, 0.427)];
        var x = data.Features;
        foreach (var (c, min, max) in ranges)
        {
            var column = Enumerable.Range(0, 569).Select(r => x[r, c]).ToArray();
            Assert.Equal(min, column.Min(), 3);
            Assert.Equal(max, column.Max(), 3);
        }
        // Column sums from awk over the raw CSV: 8038.429 (mean radius), 372631.9 (mean area).
        Assert.Equal(8038.429, Enumerable.Range(0, 569).Sum(r => x[r, 0]), 9);
        Assert.Equal(372631.9, Enumerable.Range(0, 569).Sum(r => x[r, 3]), 7);
        // First data line: 17.99,10.38,122.8,1001,... label 0.
        Assert.Equal([17.99, 10.38, 122.8, 1001], data.Features.ToArray()[..4]);
        Assert.Equal(0, data.Labels![0]);
    }

    [Fact]
    public void BreastCancerResourceDecompressesToScikitLearnsCsv()
    {
        using var stream = typeof(Digits).Assembly.GetManifestResourceStream("Vae.Core.Data.Resources.breast_cancer.csv.gz")!;
        using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        // sha256sum of scikit-learn's sklearn/datasets/data/breast_cancer.csv (see BREAST_CANCER.md).
        Assert.Equal("fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed", Convert.ToHexStringLower(SHA256.HashData(gzip)));
    }
}
