using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Autoencoders;

/// <summary>
/// Reconstruction losses of a batch: the per-example loss summed over features, averaged over the
/// batch (rows), so the value does not depend on the batch size.
/// </summary>
public static class ReconstructionLosses
{
    /// <summary>(1/B) Σₙ Σᵢ (x̂ₙᵢ − xₙᵢ)² for a reconstruction and a target of shape [B, d].</summary>
    /// <remarks>Not halved: the gradient with respect to x̂ is (2/B)(x̂ − x).</remarks>
    /// <exception cref="ArgumentException">The shapes differ or are not [B ≥ 1, d].</exception>
    public static Var<T> SquaredError<T>(Var<T> reconstruction, Var<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = CheckShapes(reconstruction, target);
        return Ops.Scale(Ops.Sum(Ops.Square(Ops.Sub(reconstruction, target))), T.One / T.CreateChecked(batch));
    }

    /// <summary>
    /// (1/B) Σₙ Σᵢ −[xₙᵢ ℓₙᵢ − softplus(ℓₙᵢ)]: the Bernoulli cross-entropy of targets x in [0, 1]
    /// under means σ(ℓ), from the logits ℓ, for shapes [B, d].
    /// </summary>
    /// <remarks>
    /// −[x log σ(ℓ) + (1 − x) log(1 − σ(ℓ))] = softplus(ℓ) − xℓ, since log σ(ℓ) = ℓ − softplus(ℓ) and
    /// log(1 − σ(ℓ)) = −softplus(ℓ). <see cref="Ops.Softplus{T}"/> never overflows and keeps its
    /// accuracy for large |ℓ|, where σ(ℓ) rounds to 0 or 1 and a log of it would give −∞. The gradient
    /// with respect to ℓ is (σ(ℓ) − x)/B. For x strictly between 0 and 1 the minimum is the entropy of
    /// x, not 0.
    /// </remarks>
    /// <exception cref="ArgumentException">The shapes differ or are not [B ≥ 1, d].</exception>
    public static Var<T> BernoulliCrossEntropy<T>(Var<T> logits, Var<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = CheckShapes(logits, target);
        return Ops.Scale(Ops.Sum(Ops.Sub(Ops.Softplus(logits), Ops.Mul(target, logits))), T.One / T.CreateChecked(batch));
    }

    /// <summary>The loss <paramref name="kind"/> of the decoder output <paramref name="output"/> against <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ or are not [B ≥ 1, d].</exception>
    /// <exception cref="ArgumentOutOfRangeException">An undefined kind.</exception>
    public static Var<T> Evaluate<T>(ReconstructionLoss kind, Var<T> output, Var<T> target) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        ReconstructionLoss.SquaredError => SquaredError(output, target),
        ReconstructionLoss.BernoulliCrossEntropy => BernoulliCrossEntropy(output, target),
        _ => throw Unknown(kind),
    };

    /// <summary>
    /// The reconstruction in data space that a decoder output stands for: the output itself for
    /// squared error, the Bernoulli means σ(ℓ) for logits. Written into <paramref name="destination"/>
    /// (same shape; may be <paramref name="output"/> itself).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An undefined kind.</exception>
    public static void Mean<T>(ReconstructionLoss kind, Tensor<T> output, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(destination);
        if (output.Shape != destination.Shape)
            throw new ArgumentException($"The destination has shape {destination.Shape}; the output has {output.Shape}.", nameof(destination));
        switch (kind)
        {
            case ReconstructionLoss.SquaredError: output.ReadOnlySpan.CopyTo(destination.Span); break;
            case ReconstructionLoss.BernoulliCrossEntropy: TP.Sigmoid(output.ReadOnlySpan, destination.Span); break;
            default: throw Unknown(kind);
        }
    }

    /// <summary>Throws unless <paramref name="kind"/> is a defined value.</summary>
    internal static ReconstructionLoss Check(ReconstructionLoss kind, string name) =>
        Enum.IsDefined(kind) ? kind : throw new ArgumentOutOfRangeException(name, $"Unknown reconstruction loss {kind}.");

    private static int CheckShapes<T>(Var<T> output, Var<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        if (output.Shape.Rank != 2 || output.Shape[0] < 1 || output.Shape != target.Shape)
            throw new ArgumentException($"A reconstruction loss needs two [batch, features] operands of one shape; got {output.Shape} and {target.Shape}.", nameof(target));
        return output.Shape[0];
    }

    private static ArgumentOutOfRangeException Unknown(ReconstructionLoss kind) => new(nameof(kind), $"Unknown reconstruction loss {kind}.");
}
