using System.Collections;
using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Nn;

/// <summary>
/// An ordered collection of uniquely named, distinct parameter tensors: what a model hands to
/// <see cref="Autodiff.Tape{T}.ValueAndGrad(IReadOnlyList{Tensor{T}}, Func{Autodiff.Tape{T}, Autodiff.Var{T}})"/>,
/// an optimiser and a checkpoint.
/// </summary>
/// <example><code>var all = new ParameterSet&lt;float&gt;().Add("encoder", encoder).Add("decoder", decoder);  // "encoder.0.weight", …</code></example>
public sealed class ParameterSet<T> : IReadOnlyList<NamedParameter<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<NamedParameter<T>> entries = [];
    private readonly List<Tensor<T>> tensors = [];
    private readonly Dictionary<string, Tensor<T>> byName = new(StringComparer.Ordinal);
    private readonly HashSet<Tensor<T>> distinct = new(ReferenceEqualityComparer.Instance);

    /// <summary>An empty set.</summary>
    public ParameterSet() { }

    /// <summary>A set holding <paramref name="module"/>'s parameters under their own names.</summary>
    /// <exception cref="ArgumentException">The module lists a name or a tensor twice.</exception>
    public ParameterSet(IModule<T> module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var p in module.Parameters) Add(p.Name, p.Value);
    }

    /// <summary>The tensors in order, without names (the gradients of a ValueAndGrad call come back in this order).</summary>
    public IReadOnlyList<Tensor<T>> Tensors => tensors;

    /// <summary>The number of parameters.</summary>
    public int Count => entries.Count;

    /// <summary>The parameter at position <paramref name="index"/>.</summary>
    public NamedParameter<T> this[int index] => entries[index];

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public Tensor<T> this[string name] => byName.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"No parameter is named '{name}'.");

    /// <summary>Whether a parameter is named <paramref name="name"/>.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>Appends <paramref name="value"/> under <paramref name="name"/>; returns this set.</summary>
    /// <exception cref="ArgumentException">The name is empty or taken, or the tensor is already in the set (its gradient and updates would be counted twice).</exception>
    public ParameterSet<T> Add(string name, Tensor<T> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (byName.ContainsKey(name))
            throw new ArgumentException($"A parameter named '{name}' is already in the set.", nameof(name));
        if (!distinct.Add(value))
            throw new ArgumentException($"The tensor for '{name}' is already in the set under another name.", nameof(value));
        byName.Add(name, value);
        entries.Add(new NamedParameter<T>(name, value));
        tensors.Add(value);
        return this;
    }

    /// <summary>Appends every parameter of <paramref name="module"/> as <c>prefix.name</c>; returns this set.</summary>
    /// <exception cref="ArgumentException">The prefix is empty, or a resulting name or tensor is already in the set.</exception>
    public ParameterSet<T> Add(string prefix, IModule<T> module)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(module);
        foreach (var p in module.Parameters) Add(prefix + "." + p.Name, p.Value);
        return this;
    }

    /// <inheritdoc />
    public IEnumerator<NamedParameter<T>> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
