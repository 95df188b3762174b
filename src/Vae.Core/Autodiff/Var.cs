using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Autodiff;

/// <summary>
/// A tensor-valued node on a <see cref="Tape{T}"/>: its value, the op that produced it and its
/// inputs, and (after a backward pass) its gradient.
/// </summary>
/// <remarks>
/// Create leaves with <see cref="Tape{T}.Param"/> or <see cref="Tape{T}.Constant"/>; every op in
/// <see cref="Ops"/> returns a new node on the tape of its inputs. Nodes are pooled by their tape
/// and valid until the tape is reset (the next evaluation on it).
/// </remarks>
public sealed class Var<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal Var(Tape<T> tape) => Tape = tape;

    /// <summary>The tape this node is recorded on.</summary>
    public Tape<T> Tape { get; }

    /// <summary>The value computed by the forward pass.</summary>
    public Tensor<T> Value { get; internal set; } = null!;

    /// <summary>The shape of <see cref="Value"/>.</summary>
    public Shape Shape => Value.Shape;

    /// <summary>Whether some gradient flows to this node (it depends on a watched parameter).</summary>
    public bool RequiresGrad { get; internal set; }

    /// <summary>d(output)/d(this) after <see cref="Tape{T}.Backward"/>; null where no gradient reached this node.</summary>
    public Tensor<T>? Grad => gradEpoch == Tape.Epoch ? gradBuffer : null;

    internal Op<T>? Op;
    internal Var<T>? A, B, C;
    internal T Alpha, Beta;
    internal int Axis;
    internal int Offset;
    internal ReadOnlyMemory<int> Indices;
    internal Tensor<T>? Saved;
    internal Tensor<T>? ownedValue;
    internal Tensor<T>? gradBuffer;
    internal int gradEpoch = -1;

    /// <summary>
    /// An immutable object a higher layer built on this node (Vae.Probabilistic attaches a distribution
    /// to its first parameter), so that the next evaluation, which reuses this node for the same
    /// purpose, can reuse the object instead of allocating it again. Only ever read back after checking
    /// that every field of the object is what a new one would hold.
    /// </summary>
    internal object? Attachment;

    /// <summary>
    /// The gradient buffer to accumulate into during the current backward pass, zeroed the first time
    /// it is asked for in that pass.
    /// </summary>
    internal Span<T> GradForAccumulation()
    {
        gradBuffer = Tape.Allocate(gradBuffer, Value.Shape);
        if (gradEpoch != Tape.Epoch)
        {
            gradBuffer.Span.Clear();
            gradEpoch = Tape.Epoch;
        }
        return gradBuffer.Span;
    }

    /// <summary>
    /// The gradient buffer for an op that writes a whole contribution at once, and whether it must
    /// accumulate: false for the first contribution in the current backward pass, which may then
    /// overwrite the buffer (skipping the zeroing and the read of
    /// <see cref="GradForAccumulation"/>); the caller must write every element in that case.
    /// </summary>
    internal Span<T> GradForUpdate(out bool accumulate)
    {
        gradBuffer = Tape.Allocate(gradBuffer, Value.Shape);
        accumulate = gradEpoch == Tape.Epoch;
        gradEpoch = Tape.Epoch;
        return gradBuffer.Span;
    }

    /// <summary>The incoming gradient of this node during the backward pass.</summary>
    internal ReadOnlySpan<T> GradSpan => gradBuffer!.ReadOnlySpan;

    /// <summary>Element-wise sum with broadcasting; see <see cref="Ops.Add{T}"/>.</summary>
    public static Var<T> operator +(Var<T> a, Var<T> b) => Ops.Add(a, b);
    /// <summary>Element-wise difference with broadcasting; see <see cref="Ops.Sub{T}"/>.</summary>
    public static Var<T> operator -(Var<T> a, Var<T> b) => Ops.Sub(a, b);
    /// <summary>Element-wise product with broadcasting; see <see cref="Ops.Mul{T}"/>.</summary>
    public static Var<T> operator *(Var<T> a, Var<T> b) => Ops.Mul(a, b);
    /// <summary>Element-wise quotient with broadcasting; see <see cref="Ops.Div{T}"/>.</summary>
    public static Var<T> operator /(Var<T> a, Var<T> b) => Ops.Div(a, b);
    /// <summary>Negation; see <see cref="Ops.Neg{T}"/>.</summary>
    public static Var<T> operator -(Var<T> a) => Ops.Neg(a);
    /// <summary>Adds a constant tensor (broadcast).</summary>
    public static Var<T> operator +(Var<T> a, Tensor<T> b) => Ops.Add(a, a.Tape.Constant(b));
    /// <summary>Multiplies by a constant tensor (broadcast).</summary>
    public static Var<T> operator *(Var<T> a, Tensor<T> b) => Ops.Mul(a, a.Tape.Constant(b));
    /// <summary>Subtracts a constant tensor (broadcast).</summary>
    public static Var<T> operator -(Var<T> a, Tensor<T> b) => Ops.Sub(a, a.Tape.Constant(b));
    /// <summary>Adds a scalar.</summary>
    public static Var<T> operator +(Var<T> a, T b) => Ops.AddScalar(a, b);
    /// <summary>Subtracts a scalar.</summary>
    public static Var<T> operator -(Var<T> a, T b) => Ops.AddScalar(a, -b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Var<T> operator *(Var<T> a, T b) => Ops.Scale(a, b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Var<T> operator *(T a, Var<T> b) => Ops.Scale(b, a);
    /// <summary>Divides by a scalar.</summary>
    public static Var<T> operator /(Var<T> a, T b) => Ops.Scale(a, T.One / b);

    /// <summary>The op name, shape and gradient requirement, for debugging.</summary>
    public override string ToString() => $"Var({Op?.Name ?? "leaf"}, {Shape}{(RequiresGrad ? ", grad" : "")})";
}
