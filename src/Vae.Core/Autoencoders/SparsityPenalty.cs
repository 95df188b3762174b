using System.Numerics;
using Vae.Core.Autodiff;

namespace Vae.Core.Autoencoders;

/// <summary>
/// The weighted sparsity term of a <see cref="SparseAutoencoder{T}"/>: λ·L1 of the code, or β·Σⱼ KL(ρ‖ρ̂ⱼ);
/// see <see cref="Sparsity"/> for the terms.
/// </summary>
public sealed class SparsityPenalty
{
    private SparsityPenalty(bool isKl, double weight, double target)
    {
        IsKlDivergence = isKl;
        Weight = weight;
        Target = target;
    }

    /// <summary>Whether the term is the KL divergence to a target activation (else the L1 norm of the code).</summary>
    public bool IsKlDivergence { get; }

    /// <summary>The weight: λ for L1, β for KL.</summary>
    public double Weight { get; }

    /// <summary>The target mean activation ρ of the KL term; NaN for L1.</summary>
    public double Target { get; }

    /// <summary>λ·(1/B) Σₙ Σⱼ |hₙⱼ|.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The weight is negative or not finite.</exception>
    public static SparsityPenalty L1(double weight) => new(false, CheckWeight(weight), double.NaN);

    /// <summary>β·Σⱼ KL(ρ‖ρ̂ⱼ) with ρ = <paramref name="target"/> (Ng uses ρ = 0.05 or less and β around 3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The target is not in (0, 1), or the weight is negative or not finite.</exception>
    public static SparsityPenalty KlDivergence(double target, double weight) =>
        new(true, CheckWeight(weight), Sparsity.CheckTarget(target, nameof(target)));

    /// <summary>The weighted term for the codes <paramref name="code"/> [B, k].</summary>
    public Var<T> Evaluate<T>(Var<T> code) where T : unmanaged, IFloatingPointIeee754<T> =>
        Ops.Scale(IsKlDivergence ? Sparsity.KlDivergence(code, Target) : Sparsity.L1(code), T.CreateChecked(Weight));

    /// <summary>The kind and hyperparameters.</summary>
    public override string ToString() => IsKlDivergence ? $"KL(ρ = {Target}) × {Weight}" : $"L1 × {Weight}";

    private static double CheckWeight(double weight) =>
        double.IsFinite(weight) && weight >= 0 ? weight : throw new ArgumentOutOfRangeException(nameof(weight), $"The weight must be finite and >= 0; got {weight}.");
}
