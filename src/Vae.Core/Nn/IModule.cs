using System.Numerics;

namespace Vae.Core.Nn;

/// <summary>A part of a model that owns trainable tensors.</summary>
/// <remarks>
/// A module's forward function takes <see cref="Autodiff.Var{T}"/> inputs and fetches its tensors with
/// <c>x.Tape.Param(tensor)</c>, so the same module runs on any tape. A composite module lists its
/// children's parameters under their names with <see cref="ParameterSet{T}.Add(string, IModule{T})"/>.
/// </remarks>
public interface IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The module's trainable tensors with their dotted names, in a fixed order.</summary>
    IReadOnlyList<NamedParameter<T>> Parameters { get; }
}
