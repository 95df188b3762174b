using System.Numerics;
using Vae.Core.Autodiff;

namespace Vae.Core.Autoencoders;

/// <summary>The sparsity penalties of a batch of codes h [B, k], unweighted; see <see cref="SparsityPenalty"/>.</summary>
public static class Sparsity
{
    /// <summary>(1/B) Σₙ Σⱼ |hₙⱼ|: the L1 norm of the code, averaged over the batch.</summary>
    /// <remarks>The gradient is sign(hₙⱼ)/B, with 0 at hₙⱼ = 0 (<see cref="Ops.Abs{T}"/>).</remarks>
    /// <exception cref="ArgumentException">The code is not [B ≥ 1, k].</exception>
    public static Var<T> L1<T>(Var<T> code) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = CheckCode(code);
        return Ops.Scale(Ops.Sum(Ops.Abs(code)), T.One / T.CreateChecked(batch));
    }

    /// <summary>
    /// Σⱼ KL(ρ‖ρ̂ⱼ) = Σⱼ [ρ log(ρ/ρ̂ⱼ) + (1 − ρ) log((1 − ρ)/(1 − ρ̂ⱼ))], with ρ̂ⱼ = (1/B) Σₙ hₙⱼ the mean
    /// activation of code unit j over the batch and ρ = <paramref name="target"/>: the divergence of
    /// a Bernoulli(ρ̂ⱼ) from a Bernoulli(ρ), for codes in (0, 1) (a sigmoid code).
    /// </summary>
    /// <remarks>
    /// A. Ng, "Sparse autoencoder", CS294A lecture notes, Stanford 2011, §2.3. Written as
    /// k·[ρ log ρ + (1 − ρ) log(1 − ρ)] − ρ Σⱼ log ρ̂ⱼ − (1 − ρ) Σⱼ log1p(−ρ̂ⱼ), the constant in
    /// double; its gradient is ∂/∂hₙⱼ = (1/B)[−ρ/ρ̂ⱼ + (1 − ρ)/(1 − ρ̂ⱼ)]. The divergence is 0 exactly
    /// when every ρ̂ⱼ = ρ and grows without bound as a ρ̂ⱼ nears 0 or 1.
    /// </remarks>
    /// <exception cref="ArgumentException">The code is not [B ≥ 1, k].</exception>
    /// <exception cref="ArgumentOutOfRangeException">The target is not in (0, 1).</exception>
    /// <exception cref="InvalidOperationException">A mean activation ρ̂ⱼ is not in (0, 1), where the divergence is infinite or undefined (use a sigmoid code).</exception>
    public static Var<T> KlDivergence<T>(Var<T> code, double target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckCode(code);
        CheckTarget(target, nameof(target));
        var rhoHat = Ops.Mean(code, axis: 0);
        ReadOnlySpan<T> means = rhoHat.Value.ReadOnlySpan;
        for (int j = 0; j < means.Length; j++)
            if (!(means[j] > T.Zero && means[j] < T.One))
                throw new InvalidOperationException(
                    $"KL sparsity needs mean activations in (0, 1); unit {j} has {means[j]}. Use a code in (0, 1), such as a sigmoid output.");
        double constant = means.Length * (target * Math.Log(target) + (1 - target) * Math.Log(1 - target));
        var logMeans = Ops.Scale(Ops.Sum(Ops.Log(rhoHat)), T.CreateChecked(-target));
        var logComplements = Ops.Scale(Ops.Sum(Ops.Log1p(Ops.Neg(rhoHat))), T.CreateChecked(-(1 - target)));
        return Ops.AddScalar(Ops.Add(logMeans, logComplements), T.CreateChecked(constant));
    }

    /// <summary>Throws unless the target activation lies in (0, 1).</summary>
    internal static double CheckTarget(double target, string name) =>
        target > 0 && target < 1 ? target : throw new ArgumentOutOfRangeException(name, $"The target activation must be in (0, 1); got {target}.");

    private static int CheckCode<T>(Var<T> code) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Shape.Rank != 2 || code.Shape[0] < 1)
            throw new ArgumentException($"A sparsity penalty takes codes [batch, units] with batch >= 1; got {code.Shape}.", nameof(code));
        return code.Shape[0];
    }
}
