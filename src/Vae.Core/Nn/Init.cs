using System.Numerics;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Nn;

/// <summary>
/// Weight initialisers. Each fills a rank-2 weight in place from an explicit <see cref="Rng"/>; each
/// has the shape of <c>Action&lt;Tensor&lt;T&gt;, Rng&gt;</c> (without the gain) to pass to
/// <see cref="Linear{T}"/> and <see cref="Mlp{T}"/>.
/// </summary>
/// <remarks>
/// Weights here are stored [inputs, outputs] (see <see cref="Linear{T}"/>), so fan-in is the extent
/// of axis 0 and fan-out that of axis 1; PyTorch stores [outputs, inputs] and reads them the other
/// way round, so the same formulas give the same distributions.
/// </remarks>
public static partial class Init
{
    /// <summary>Glorot/Xavier uniform with gain 1: U(−a, a), a = √(6 / (fanIn + fanOut)).</summary>
    public static void XavierUniform<T>(Tensor<T> weight, Rng rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        XavierUniform(weight, rng, 1.0);

    /// <summary>
    /// Glorot/Xavier uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)), so that the variance
    /// gain²·2/(fanIn + fanOut) balances the forward and backward signal (X. Glorot and Y. Bengio,
    /// "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010).
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not rank 2 or is empty.</exception>
    public static void XavierUniform<T>(Tensor<T> weight, Rng rng, double gain) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (fanIn, fanOut) = Fans(weight, rng);
        double a = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        rng.FillUniform(weight.Span, T.CreateChecked(-a), T.CreateChecked(a));
    }

    /// <summary>Glorot/Xavier normal with gain 1: N(0, 2 / (fanIn + fanOut)).</summary>
    public static void XavierNormal<T>(Tensor<T> weight, Rng rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        XavierNormal(weight, rng, 1.0);

    /// <summary>Glorot/Xavier normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)) (Glorot and Bengio, 2010).</summary>
    /// <exception cref="ArgumentException">The weight is not rank 2 or is empty.</exception>
    public static void XavierNormal<T>(Tensor<T> weight, Rng rng, double gain) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (fanIn, fanOut) = Fans(weight, rng);
        rng.FillNormal(weight.Span, T.Zero, T.CreateChecked(gain * Math.Sqrt(2.0 / (fanIn + fanOut))));
    }

    /// <summary>He/Kaiming normal for ReLU layers (gain √2): N(0, 2 / fanIn).</summary>
    public static void HeNormal<T>(Tensor<T> weight, Rng rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        HeNormal(weight, rng, Math.Sqrt(2.0));

    /// <summary>
    /// He/Kaiming normal in fan-in mode: N(0, σ²) with σ = gain/√fanIn, which keeps the forward
    /// variance constant through ReLU layers for gain √2 (K. He, X. Zhang, S. Ren and J. Sun, "Delving
    /// deep into rectifiers", ICCV 2015).
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not rank 2 or is empty.</exception>
    public static void HeNormal<T>(Tensor<T> weight, Rng rng, double gain) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (fanIn, _) = Fans(weight, rng);
        rng.FillNormal(weight.Span, T.Zero, T.CreateChecked(gain / Math.Sqrt(fanIn)));
    }

    /// <summary>He/Kaiming uniform for ReLU layers (gain √2): U(−a, a), a = √(6 / fanIn).</summary>
    public static void HeUniform<T>(Tensor<T> weight, Rng rng) where T : unmanaged, IFloatingPointIeee754<T> =>
        HeUniform(weight, rng, Math.Sqrt(2.0));

    /// <summary>He/Kaiming uniform in fan-in mode: U(−a, a) with a = gain·√(3 / fanIn), variance gain²/fanIn (He et al., 2015).</summary>
    /// <exception cref="ArgumentException">The weight is not rank 2 or is empty.</exception>
    public static void HeUniform<T>(Tensor<T> weight, Rng rng, double gain) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (fanIn, _) = Fans(weight, rng);
        double a = gain * Math.Sqrt(3.0 / fanIn);
        rng.FillUniform(weight.Span, T.CreateChecked(-a), T.CreateChecked(a));
    }

    /// <summary>
    /// U(−1/√fanIn, 1/√fanIn) for a layer's bias: PyTorch's default for <c>nn.Linear</c> (whose weight is
    /// <see cref="HeUniform{T}(Tensor{T}, Rng, double)"/> with gain √(1/3), the same bound).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is not positive.</exception>
    public static void UniformFanInBias<T>(Tensor<T> bias, int fanIn, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        double a = 1 / Math.Sqrt(fanIn);
        rng.FillUniform(bias.Span, T.CreateChecked(-a), T.CreateChecked(a));
    }

    private static (int FanIn, int FanOut) Fans<T>(Tensor<T> weight, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(rng);
        if (weight.Shape.Rank != 2 || weight.Size == 0)
            throw new ArgumentException($"An initialiser needs a non-empty rank-2 weight [inputs, outputs]; got {weight.Shape}.", nameof(weight));
        return (weight.Shape[0], weight.Shape[1]);
    }
}
