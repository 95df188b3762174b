using System.Numerics;

namespace Vae.Core.Data;

/// <summary>
/// Breast Cancer Wisconsin (Diagnostic), embedded in the library: 569 tumours, 30 real features,
/// labels 0 = malignant, 1 = benign (scikit-learn's <c>load_breast_cancer</c>). See
/// <c>Data/Resources/BREAST_CANCER.md</c>.
/// </summary>
public static class BreastCancer
{
    /// <summary>The number of tumours.</summary>
    public const int Count = 569;

    /// <summary>The number of features.</summary>
    public const int Dimension = 30;

    /// <summary>The class names in label order: malignant (0), benign (1).</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["malignant", "benign"];

    /// <summary>The feature names in column order (scikit-learn's names).</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness",
        "mean compactness", "mean concavity", "mean concave points", "mean symmetry", "mean fractal dimension",
        "radius error", "texture error", "perimeter error", "area error", "smoothness error",
        "compactness error", "concavity error", "concave points error", "symmetry error", "fractal dimension error",
        "worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness",
        "worst compactness", "worst concavity", "worst concave points", "worst symmetry", "worst fractal dimension",
    ];

    /// <summary>The features [569, 30] in their original units (unscaled), with labels 0/1.</summary>
    /// <remarks>Standardise with a <see cref="Standardizer"/> fitted on a training split.</remarks>
    public static Dataset<T> Load<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        const string name = "embedded breast_cancer.csv.gz";
        using var stream = EmbeddedData.OpenGzip("breast_cancer.csv.gz");
        using var reader = new StreamReader(stream);
        string expectedHeader = $"{Count},{Dimension},{ClassNames[0]},{ClassNames[1]}";
        string? header = reader.ReadLine();
        if (header != expectedHeader)
            throw new CsvFormatException(name, 1, 0, $"expected scikit-learn's header '{expectedHeader}'; found '{header}'.");
        var table = CsvReader.Read(reader, name, hasHeader: false, delimiter: ',', linesBefore: 1);
        EmbeddedData.CheckShape(table, Count, Dimension + 1);
        return table.ToDataset<T>(Dimension);
    }
}
