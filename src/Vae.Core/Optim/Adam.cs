using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Optim;

/// <summary>Adam (Kingma and Ba, 2015) with optional L2 weight decay added to the gradient; the update is given on <see cref="AdamBase{T}"/>.</summary>
/// <remarks>Defaults are PyTorch's: η = 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸, λ = 0. For weight decay prefer <see cref="AdamW{T}"/>.</remarks>
/// <param name="parameters">The tensors to update in place, in the order of the gradients given to <see cref="Optimizer{T}.Step"/>.</param>
/// <param name="learningRate">η.</param>
/// <param name="beta1">β₁, the decay of the first-moment average.</param>
/// <param name="beta2">β₂, the decay of the second-moment average.</param>
/// <param name="epsilon">ε, added to the bias-corrected √v.</param>
/// <param name="weightDecay">λ.</param>
/// <exception cref="ArgumentOutOfRangeException">A β outside [0, 1), or a negative or non-finite rate, ε or λ.</exception>
public sealed class Adam<T>(IReadOnlyList<Tensor<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9,
    double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    : AdamBase<T>(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public override string Algorithm => "Adam";

    private protected override bool Decoupled => false;
}
