using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

/// <summary>
/// Records one evaluation of a differentiable function and runs its backward pass. A tape belongs to
/// one thread at a time and holds no global state; reusing one tape for every training step reuses
/// its node, value and gradient buffers, so a steady-state step allocates nothing.
/// </summary>
/// <remarks>
/// Nodes are appended in creation order, which is a topological order (an op's inputs exist before
/// it), so the backward pass is a single reverse sweep (as in micrograd, on whole tensors).
/// Higher-order derivatives are not supported: a penalty on a Jacobian (the contractive
/// autoencoder) is written out analytically as a function of the forward values, which this tape
/// then differentiates once.
/// </remarks>
public sealed class Tape<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Var<T>> nodes = [];
    private readonly List<Tensor<T>?> scratch = [];
    private readonly Dictionary<Tensor<T>, Var<T>> parameters = new(ReferenceEqualityComparer.Instance);
    private readonly List<Tensor<T>> gradients = [];
    private int nodeCount, scratchCount;

    /// <summary>Counts backward passes; a node's gradient is current when stamped with this value.</summary>
    internal int Epoch { get; private set; }

    /// <summary>The number of nodes recorded since the last reset.</summary>
    public int Count => nodeCount;

    /// <summary>Forgets the recorded nodes (their buffers are kept for reuse).</summary>
    public void Reset()
    {
        nodeCount = 0;
        scratchCount = 0;
        parameters.Clear();
        Epoch++;
    }

    /// <summary>
    /// A leaf for the parameter <paramref name="value"/>, whose gradient the backward pass computes.
    /// Asking twice for the same tensor (by reference) returns the same node.
    /// </summary>
    public Var<T> Param(Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (parameters.TryGetValue(value, out var node)) return node;
        node = NewLeaf(value, requiresGrad: true);
        parameters.Add(value, node);
        return node;
    }

    /// <summary>A leaf for data: no gradient is computed for it.</summary>
    public Var<T> Constant(Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return NewLeaf(value, requiresGrad: false);
    }

    /// <summary>
    /// A constant leaf of shape <paramref name="shape"/> filled with standard normal draws from
    /// <paramref name="rng"/> (<see cref="Randomness.Rng.FillNormal{T}(Span{T})"/>), in a buffer the tape
    /// reuses after a reset: the noise of a reparameterised sample without an allocation per step.
    /// </summary>
    public Var<T> StandardNormal(Shape shape, Randomness.Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var noise = Scratch(shape);
        rng.FillNormal(noise.Span);
        return NewLeaf(noise, requiresGrad: false);
    }

    /// <summary>
    /// Evaluates <paramref name="loss"/> on leaves for <paramref name="parameters"/> and returns its
    /// value and its gradient with respect to each parameter (zeros for an unused one).
    /// </summary>
    /// <remarks>The gradient tensors belong to this tape and are overwritten by its next evaluation.</remarks>
    /// <exception cref="ArgumentException">The loss is not a scalar (size 1).</exception>
    public ValueAndGradient<T> ValueAndGrad(IReadOnlyList<Tensor<T>> parameters, Func<IReadOnlyList<Var<T>>, Var<T>> loss)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        Reset();
        var leaves = new Var<T>[parameters.Count];
        for (int i = 0; i < leaves.Length; i++) leaves[i] = Param(parameters[i]);
        return Finish(parameters, loss(leaves));
    }

    /// <summary>
    /// Evaluates <paramref name="loss"/> (which fetches its parameters with <see cref="Param"/>) and
    /// returns its value and its gradient with respect to each of <paramref name="parameters"/>.
    /// The path a training loop takes: after warm-up it allocates nothing.
    /// </summary>
    /// <remarks>The gradient tensors belong to this tape and are overwritten by its next evaluation.</remarks>
    public ValueAndGradient<T> ValueAndGrad(IReadOnlyList<Tensor<T>> parameters, Func<Tape<T>, Var<T>> loss)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        Reset();
        for (int i = 0; i < parameters.Count; i++) Param(parameters[i]);
        return Finish(parameters, loss(this));
    }

    /// <summary>
    /// Runs the backward pass from the scalar <paramref name="output"/>: afterwards each node that
    /// requires a gradient holds d(output)/d(node) in <see cref="Var{T}.Grad"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The output is not a scalar or lives on another tape.</exception>
    public void Backward(Var<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Tape != this)
            throw new ArgumentException("The output was recorded on another tape.", nameof(output));
        if (output.Value.Size != 1)
            throw new ArgumentException($"Backward needs a scalar output; got shape {output.Shape}.", nameof(output));
        Epoch++;
        if (!output.RequiresGrad) return;
        output.GradForAccumulation()[0] = T.One;
        for (int i = nodeCount - 1; i >= 0; i--)
        {
            var node = nodes[i];
            if (node.Op is not null && node.RequiresGrad && node.gradEpoch == Epoch)
                node.Op.Backward(node);
        }
    }

    /// <summary>Appends a node computed by <paramref name="op"/>, with a value buffer of <paramref name="shape"/>.</summary>
    internal Var<T> Push(Op<T> op, Shape shape, Var<T> a, Var<T>? b = null, Var<T>? c = null)
    {
        var node = NextNode();
        node.Op = op;
        node.A = a;
        node.B = b;
        node.C = c;
        node.Saved = null;
        node.RequiresGrad = a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false);
        node.ownedValue = Allocate(node.ownedValue, shape);
        node.Value = node.ownedValue;
        return node;
    }

    /// <summary>A temporary tensor of <paramref name="shape"/> (contents undefined) valid until the next reset.</summary>
    internal Tensor<T> Scratch(Shape shape)
    {
        if (scratchCount == scratch.Count) scratch.Add(null);
        var t = Allocate(scratch[scratchCount], shape);
        scratch[scratchCount++] = t;
        return t;
    }

    /// <summary>
    /// Reuses <paramref name="previous"/> when it has <paramref name="shape"/>, or its storage when that is
    /// large enough (contents undefined either way), else allocates.
    /// </summary>
    internal Tensor<T> Allocate(Tensor<T>? previous, Shape shape) => previous?.Reuse(shape) ?? new Tensor<T>(shape);

    private ValueAndGradient<T> Finish(IReadOnlyList<Tensor<T>> watched, Var<T> output)
    {
        Backward(output);
        gradients.Clear();
        for (int i = 0; i < watched.Count; i++)
        {
            var leaf = parameters[watched[i]];
            leaf.GradForAccumulation();
            gradients.Add(leaf.Grad!);
        }
        return new ValueAndGradient<T>(output.Value[0], gradients);
    }

    private Var<T> NewLeaf(Tensor<T> value, bool requiresGrad)
    {
        var node = NextNode();
        node.Op = null;
        node.A = node.B = node.C = null;
        node.Saved = null;
        node.Value = value;
        node.RequiresGrad = requiresGrad;
        return node;
    }

    private Var<T> NextNode()
    {
        if (nodeCount == nodes.Count) nodes.Add(new Var<T>(this));
        return nodes[nodeCount++];
    }
}
