using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Optim;

/// <summary>
/// AdamW: Adam with weight decay decoupled from the gradient, θ ← θ·(1 − ηλ) before the Adam step
/// (I. Loshchilov and F. Hutter, "Decoupled weight decay regularization", ICLR 2019); the update is
/// given on <see cref="AdamBase{T}"/>.
/// </summary>
/// <remarks>Defaults are PyTorch's: η = 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸, λ = 10⁻². The decay is scaled by the current learning rate, as in PyTorch.</remarks>
/// <param name="parameters">The tensors to update in place, in the order of the gradients given to <see cref="Optimizer{T}.Step"/>.</param>
/// <param name="learningRate">η.</param>
/// <param name="beta1">β₁, the decay of the first-moment average.</param>
/// <param name="beta2">β₂, the decay of the second-moment average.</param>
/// <param name="epsilon">ε, added to the bias-corrected √v.</param>
/// <param name="weightDecay">λ.</param>
/// <exception cref="ArgumentOutOfRangeException">A β outside [0, 1), or a negative or non-finite rate, ε or λ.</exception>
public sealed class AdamW<T>(IReadOnlyList<Tensor<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9,
    double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 1e-2)
    : AdamBase<T>(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Algorithm => "AdamW";

    private protected override bool Decoupled => true;
}
