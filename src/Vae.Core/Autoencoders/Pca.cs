using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>
/// Principal component analysis as a baseline reconstructor: the code of x is z = (x − μ)Vₖᵀ and its
/// reconstruction x̂ = zVₖ + μ, with μ the training mean and the k rows of Vₖ [k, d] the top right
/// singular vectors of the centred training data.
/// </summary>
/// <remarks>
/// <para>
/// Among all rank-k affine reconstructions, PCA minimises the training squared error (Eckart–Young),
/// which then equals Σ_{j&gt;k} sⱼ²/n for the singular values s of the centred data. A linear
/// autoencoder reaches the same subspace (P. Baldi and K. Hornik, Neural Networks 2(1), 1989; see
/// <see cref="LinearAutoencoder{T}"/>); nonlinear autoencoders can do better (Goodfellow, Bengio and
/// Courville, <i>Deep Learning</i>, §14.1).
/// </para>
/// <para>
/// Fitting works in double with MathNet.Numerics: for n &gt; d the centred data X_c [n, d] are first
/// reduced by a thin Householder QR, X_c = QR, and the SVD is taken of the d×d factor R = UΣVᵀ
/// (same Σ and V as X_c, without forming the n×n factor U of a full SVD); otherwise the SVD of X_c
/// itself. Each component's sign is fixed so that its entry of largest magnitude (the first, on a tie)
/// is positive, making the fit deterministic. Encoding and decoding also work in double.
/// </para>
/// </remarks>
public sealed class Pca<T> : IReconstructor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] mean;
    private readonly double[] components;
    private readonly double[] singularValues;
    private readonly double[] explainedVariance;

    private Pca(double[] mean, double[] components, double[] singularValues, int rows)
    {
        this.mean = mean;
        this.components = components;
        this.singularValues = singularValues;
        int k = components.Length / mean.Length;
        explainedVariance = singularValues.Take(k).Select(s => s * s / (rows - 1)).ToArray();
        TrainingError = singularValues.Skip(k).Sum(s => s * s) / rows;
    }

    /// <summary>Fits the mean and the top <paramref name="components"/> principal components of the rows of <paramref name="data"/> [n, d].</summary>
    /// <exception cref="ArgumentException">The data are not [n ≥ 2, d ≥ 1] or hold a value that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The number of components is not in 1..min(n, d).</exception>
    public static Pca<T> Fit(Tensor<T> data, int components)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Shape.Rank != 2 || data.Shape[0] < 2 || data.Shape[1] < 1)
            throw new ArgumentException($"PCA needs data [n >= 2, d >= 1]; got {data.Shape}.", nameof(data));
        int n = data.Shape[0], d = data.Shape[1];
        if (components < 1 || components > Math.Min(n, d))
            throw new ArgumentOutOfRangeException(nameof(components), $"The number of components must be in 1..{Math.Min(n, d)}; got {components}.");
        var x = data.ReadOnlySpan;
        var mean = new double[d];
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            if (!double.IsFinite(v)) throw new ArgumentException($"Element [{i / d}, {i % d}] is {v}; PCA needs finite data.", nameof(data));
            mean[i % d] += v;
        }
        for (int j = 0; j < d; j++) mean[j] /= n;
        var columnMajor = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) columnMajor[j * n + i] = double.CreateTruncating(x[i * d + j]) - mean[j];
        var centred = Matrix<double>.Build.Dense(n, d, columnMajor);
        Svd<double> svd = n > d ? centred.QR(QRMethod.Thin).R.Svd(computeVectors: true) : centred.Svd(computeVectors: true);
        var basis = new double[components * d];
        for (int c = 0; c < components; c++)
        {
            int largest = 0;
            for (int j = 1; j < d; j++)
                if (Math.Abs(svd.VT[c, j]) > Math.Abs(svd.VT[c, largest])) largest = j;
            double sign = svd.VT[c, largest] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) basis[c * d + j] = sign * svd.VT[c, j];
        }
        return new Pca<T>(mean, basis, svd.S.ToArray(), n);
    }

    /// <inheritdoc />
    public int InputSize => mean.Length;

    /// <inheritdoc />
    public int CodeSize => components.Length / mean.Length;

    /// <summary>μ, the training mean of each feature.</summary>
    public IReadOnlyList<double> Mean => mean;

    /// <summary>All min(n, d) singular values of the centred training data, in decreasing order.</summary>
    public IReadOnlyList<double> SingularValues => singularValues;

    /// <summary>The variance along each kept component, sⱼ²/(n − 1) (the sample variance, as scikit-learn's <c>explained_variance_</c>).</summary>
    public IReadOnlyList<double> ExplainedVariance => explainedVariance;

    /// <summary>
    /// The training squared error Σ_{j&gt;k} sⱼ²/n: the mean over training rows of ‖x̂ − x‖², by Eckart–Young
    /// (what <see cref="ReconstructionError"/> returns on the training data, up to rounding).
    /// </summary>
    public double TrainingError { get; }

    /// <summary>A copy of the components Vₖ [k, d] (orthonormal rows), in double.</summary>
    public Tensor<double> GetComponents() => Tensor<double>.FromArray((double[])components.Clone(), CodeSize, InputSize);

    /// <inheritdoc />
    public Tensor<T> Encode(Tensor<T> x)
    {
        NetworkShapes.CheckInput(x, InputSize, "PCA encoder");
        int n = x.Shape[0], d = InputSize, k = CodeSize;
        var z = new Tensor<T>(new Shape(n, k));
        var source = x.ReadOnlySpan;
        var target = z.Span;
        Span<double> centredRow = d <= 512 ? stackalloc double[d] : new double[d];
        for (int r = 0; r < n; r++)
        {
            for (int j = 0; j < d; j++) centredRow[j] = double.CreateTruncating(source[r * d + j]) - mean[j];
            for (int c = 0; c < k; c++)
            {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += centredRow[j] * components[c * d + j];
                target[r * k + c] = T.CreateTruncating(dot);
            }
        }
        return z;
    }

    /// <inheritdoc />
    public Tensor<T> Decode(Tensor<T> code)
    {
        NetworkShapes.CheckInput(code, CodeSize, "PCA decoder");
        int n = code.Shape[0], d = InputSize, k = CodeSize;
        var x = new Tensor<T>(new Shape(n, d));
        var source = code.ReadOnlySpan;
        var target = x.Span;
        for (int r = 0; r < n; r++)
            for (int j = 0; j < d; j++)
            {
                double value = mean[j];
                for (int c = 0; c < k; c++) value += double.CreateTruncating(source[r * k + c]) * components[c * d + j];
                target[r * d + j] = T.CreateTruncating(value);
            }
        return x;
    }

    /// <inheritdoc />
    public Tensor<T> Reconstruct(Tensor<T> x) => Decode(Encode(x));

    /// <inheritdoc />
    public double ReconstructionError(Tensor<T> x) => SquaredDistance.MeanRowSquaredError(Reconstruct(x), x);
}
