using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Models;

/// <summary>
/// A latent-variable model p(x, z | c) = p(z) p(x | z, c) with posterior q(z | x, c) whose condition c
/// (a one-hot label, say) is bound per batch: the conditional VAE (Sohn et al., 2015).
/// </summary>
/// <remarks>
/// Evaluation, generation and imputation take the conditions of a whole dataset and bind each block
/// of rows they process, so a conditional model is never run with the conditions of other rows.
/// </remarks>
public interface IConditionalModel<T> : ILatentVariableModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The width of a condition; 0 when the model reads none.</summary>
    int ConditionSize { get; }

    /// <summary>Binds <paramref name="conditions"/> ([rows, ConditionSize]) for the next batch and returns the bound model.</summary>
    ILatentVariableModel<T> Given(Tensor<T> conditions);
}
