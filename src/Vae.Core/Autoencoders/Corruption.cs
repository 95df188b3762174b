using System.Buffers;
using System.Numerics;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autoencoders;

/// <summary>
/// A corruption process C(x̃ | x) for a <see cref="DenoisingAutoencoder{T}"/>, applied row by row with
/// an explicit generator.
/// </summary>
/// <remarks>
/// The three processes of P. Vincent, H. Larochelle, I. Lajoie, Y. Bengio and P.-A. Manzagol, "Stacked
/// denoising autoencoders", JMLR 11, 2010, §4.2: additive isotropic Gaussian noise x̃ = x + σε; masking
/// noise, "a fraction ν of the elements of x (chosen at random for each example) is forced to 0"
/// (also Vincent et al., ICML 2008); salt-and-pepper noise, the same choice with each chosen element
/// set to the minimum or maximum value by a fair coin. "A fraction ν" is taken literally: exactly
/// m = round(ν·d) elements of each row (halves away from zero), chosen uniformly among the d by a
/// partial Fisher–Yates shuffle, so every row loses the same amount of information.
/// </remarks>
public sealed class Corruption
{
    private Corruption(CorruptionKind kind, double rate, double standardDeviation, double low, double high)
    {
        Kind = kind;
        Rate = rate;
        StandardDeviation = standardDeviation;
        Low = low;
        High = high;
    }

    /// <summary>The process.</summary>
    public CorruptionKind Kind { get; }

    /// <summary>ν, the fraction of elements chosen per row (masking, salt-and-pepper); 0 for Gaussian noise.</summary>
    public double Rate { get; }

    /// <summary>σ of the Gaussian noise; 0 for the other processes.</summary>
    public double StandardDeviation { get; }

    /// <summary>The "pepper" value of salt-and-pepper noise (the masking value 0 for masking noise).</summary>
    public double Low { get; }

    /// <summary>The "salt" value of salt-and-pepper noise (0 for the other processes).</summary>
    public double High { get; }

    /// <summary>Masking noise: round(ν·d) elements of each row, chosen at random, set to 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1].</exception>
    public static Corruption Masking(double rate) => new(CorruptionKind.Masking, CheckRate(rate), 0, 0, 0);

    /// <summary>Additive Gaussian noise: x̃ = x + σε with ε ~ N(0, I).</summary>
    /// <exception cref="ArgumentOutOfRangeException">σ is negative or not finite.</exception>
    public static Corruption Gaussian(double standardDeviation) =>
        double.IsFinite(standardDeviation) && standardDeviation >= 0
            ? new(CorruptionKind.Gaussian, 0, standardDeviation, 0, 0)
            : throw new ArgumentOutOfRangeException(nameof(standardDeviation), $"σ must be finite and >= 0; got {standardDeviation}.");

    /// <summary>Salt-and-pepper noise: round(ν·d) elements of each row, chosen at random, each set to <paramref name="low"/> or <paramref name="high"/> with probability ½.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1], or a value is not finite.</exception>
    public static Corruption SaltAndPepper(double rate, double low = 0, double high = 1)
    {
        if (!double.IsFinite(low)) throw new ArgumentOutOfRangeException(nameof(low), $"The low value must be finite; got {low}.");
        if (!double.IsFinite(high)) throw new ArgumentOutOfRangeException(nameof(high), $"The high value must be finite; got {high}.");
        return new(CorruptionKind.SaltAndPepper, CheckRate(rate), 0, low, high);
    }

    /// <summary>The number of elements chosen in a row of <paramref name="columns"/>: round(ν·d), halves away from zero.</summary>
    public int ChosenPerRow(int columns) => (int)Math.Round(Rate * columns, MidpointRounding.AwayFromZero);

    /// <summary>A corrupted copy of the rows <paramref name="clean"/> [n, d].</summary>
    /// <exception cref="ArgumentException">The data are not rank 2.</exception>
    public Tensor<T> Apply<T>(Tensor<T> clean, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(clean);
        var result = new Tensor<T>(clean.Shape);
        Apply(clean, rng, result);
        return result;
    }

    /// <summary>Writes a corrupted copy of <paramref name="clean"/> [n, d] into <paramref name="destination"/> (same shape, not the same tensor); allocates nothing after the first call.</summary>
    /// <exception cref="ArgumentException">The data are not rank 2, or the shapes differ.</exception>
    public void Apply<T>(Tensor<T> clean, Rng rng, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(destination);
        if (clean.Shape.Rank != 2)
            throw new ArgumentException($"Corruption applies to rows [n, d]; got {clean.Shape}.", nameof(clean));
        if (destination.Shape != clean.Shape)
            throw new ArgumentException($"The destination has shape {destination.Shape}; the data have {clean.Shape}.", nameof(destination));
        Apply(clean.ReadOnlySpan, destination.Span, clean.Shape[1], rng);
    }

    /// <summary>Corrupts the rows of <paramref name="clean"/> (each of <paramref name="columns"/> elements) into <paramref name="destination"/>.</summary>
    internal void Apply<T>(ReadOnlySpan<T> clean, Span<T> destination, int columns, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Kind == CorruptionKind.Gaussian)
        {
            rng.FillNormal(destination);
            TP.MultiplyAdd(destination, T.CreateChecked(StandardDeviation), clean, destination);
            return;
        }
        clean.CopyTo(destination);
        int chosen = ChosenPerRow(columns);
        if (chosen == 0 || columns == 0) return;
        T low = T.CreateChecked(Low), high = T.CreateChecked(High);
        bool salt = Kind == CorruptionKind.SaltAndPepper;
        int[] order = ArrayPool<int>.Shared.Rent(columns);
        try
        {
            for (int start = 0; start < destination.Length; start += columns)
            {
                var row = destination.Slice(start, columns);
                for (int i = 0; i < columns; i++) order[i] = i;
                for (int i = 0; i < chosen; i++)
                {
                    int j = i + rng.NextInt32(columns - i);
                    (order[i], order[j]) = (order[j], order[i]);
                    row[order[i]] = salt && (rng.NextUInt32() & 1) != 0 ? high : low;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>The process and its parameters.</summary>
    public override string ToString() => Kind switch
    {
        CorruptionKind.Masking => $"Masking(ν = {Rate})",
        CorruptionKind.Gaussian => $"Gaussian(σ = {StandardDeviation})",
        _ => $"SaltAndPepper(ν = {Rate}, {Low}, {High})",
    };

    private static double CheckRate(double rate) =>
        rate >= 0 && rate <= 1 ? rate : throw new ArgumentOutOfRangeException(nameof(rate), $"The rate must be in [0, 1]; got {rate}.");
}
