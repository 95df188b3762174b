using System.Numerics;
using Vae.Core.Autodiff;

namespace Vae.Core.Autoencoders;

/// <summary>The code of a batch and the contractive penalty, computed in one pass; see <see cref="ContractivePenalty"/>.</summary>
/// <param name="Code">h = f(x), [B, k].</param>
/// <param name="Penalty">(1/B) Σₙ ‖J_f(xₙ)‖²_F, a scalar.</param>
public readonly record struct ContractiveTerms<T>(Var<T> Code, Var<T> Penalty) where T : unmanaged, IFloatingPointIeee754<T>;
