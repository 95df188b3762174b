using System.Numerics;

namespace Vae.Core.Tensors;

/// <summary>
/// A dense, contiguous, row-major array of <typeparamref name="T"/> (<c>float</c> to train fast,
/// <c>double</c> for tight gradient checks and analytic comparisons) with a <see cref="Tensors.Shape"/>.
/// </summary>
/// <remarks>
/// The shape is fixed; the elements are mutable (optimisers update parameters in place). A tensor
/// never aliases another except through <see cref="Reshape"/>, which shares storage on purpose.
/// Differentiable computation wraps tensors in <see cref="Autodiff.Var{T}"/> on a tape.
/// </remarks>
public sealed class Tensor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] data;

    /// <summary>A tensor of zeros.</summary>
    public Tensor(Shape shape) : this(shape, new T[shape.Size]) { }

    /// <summary>Wraps <paramref name="data"/> (not copied); its first <c>shape.Size</c> elements are the tensor.</summary>
    /// <exception cref="ArgumentException">The array is shorter than the shape's size.</exception>
    public Tensor(Shape shape, T[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < shape.Size)
            throw new ArgumentException($"Shape {shape} needs {shape.Size} elements; the array has {data.Length}.", nameof(data));
        Shape = shape;
        this.data = data;
    }

    /// <summary>The dimensions.</summary>
    public Shape Shape { get; }

    /// <summary>The number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>The elements in row-major order.</summary>
    public Span<T> Span => data.AsSpan(0, Shape.Size);

    /// <summary>The elements in row-major order, read-only.</summary>
    public ReadOnlySpan<T> ReadOnlySpan => data.AsSpan(0, Shape.Size);

    /// <summary>The element at flat (row-major) index <paramref name="index"/>.</summary>
    public T this[int index]
    {
        get => Span[index];
        set => Span[index] = value;
    }

    /// <summary>The element at row <paramref name="row"/>, column <paramref name="column"/> of a rank-2 tensor.</summary>
    public T this[int row, int column]
    {
        get => Span[FlatIndex(row, column)];
        set => Span[FlatIndex(row, column)] = value;
    }

    /// <summary>A tensor of zeros with dimensions <paramref name="dims"/>.</summary>
    public static Tensor<T> Zeros(params int[] dims) => new(new Shape(dims));

    /// <summary>A tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor<T> Full(Shape shape, T value)
    {
        var t = new Tensor<T>(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A scalar (rank-0) tensor.</summary>
    public static Tensor<T> Scalar(T value) => Full(Shape.Scalar, value);

    /// <summary>A tensor holding a copy of <paramref name="values"/> with dimensions <paramref name="dims"/>.</summary>
    /// <exception cref="ArgumentException">The number of values differs from the shape's size.</exception>
    public static Tensor<T> FromArray(T[] values, params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shape = new Shape(dims);
        if (values.Length != shape.Size)
            throw new ArgumentException($"Shape {shape} needs {shape.Size} values; got {values.Length}.", nameof(values));
        var t = new Tensor<T>(shape);
        values.CopyTo(t.Span);
        return t;
    }

    /// <summary>A rank-2 tensor from a rectangular array.</summary>
    public static Tensor<T> FromRows(T[,] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var t = Zeros(rows.GetLength(0), rows.GetLength(1));
        for (int i = 0; i < rows.GetLength(0); i++)
            for (int j = 0; j < rows.GetLength(1); j++)
                t[i, j] = rows[i, j];
        return t;
    }

    /// <summary>The same elements viewed with another shape of the same size (storage is shared).</summary>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    public Tensor<T> Reshape(Shape shape)
    {
        if (shape.Size != Size)
            throw new ArgumentException($"Cannot reshape {Shape} ({Size} elements) to {shape} ({shape.Size} elements).", nameof(shape));
        return new Tensor<T>(shape, data);
    }

    /// <summary>
    /// This tensor itself when it has <paramref name="shape"/>, else its storage viewed with
    /// <paramref name="shape"/> when the storage holds enough elements, else null. A tape reuses its
    /// buffers this way, so a smaller batch (an epoch's last) reuses a larger one's memory.
    /// </summary>
    internal Tensor<T>? Reuse(Shape shape) =>
        shape == Shape ? this : data.Length >= shape.Size ? new Tensor<T>(shape, data) : null;

    /// <summary>A deep copy.</summary>
    public Tensor<T> Clone()
    {
        var t = new Tensor<T>(Shape);
        ReadOnlySpan.CopyTo(t.Span);
        return t;
    }

    /// <summary>A copy converted element by element to <typeparamref name="TOther"/>.</summary>
    public Tensor<TOther> Cast<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var t = new Tensor<TOther>(Shape);
        var source = ReadOnlySpan;
        var target = t.Span;
        for (int i = 0; i < source.Length; i++) target[i] = TOther.CreateChecked(source[i]);
        return t;
    }

    /// <summary>The single element of a tensor of size 1.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element.</exception>
    public T ToScalar() => Size == 1
        ? data[0]
        : throw new InvalidOperationException($"ToScalar needs a tensor of size 1; this one has shape {Shape}.");

    /// <summary>A copy of the elements in row-major order.</summary>
    public T[] ToArray() => ReadOnlySpan.ToArray();

    /// <summary>The shape and, for small tensors, the elements.</summary>
    public override string ToString() =>
        $"Tensor<{typeof(T).Name}>{Shape}" + (Size <= 16 ? " {" + string.Join(", ", ToArray()) + "}" : "");

    private int FlatIndex(int row, int column)
    {
        if (Shape.Rank != 2)
            throw new InvalidOperationException($"A [row, column] index needs a rank-2 tensor; this one has shape {Shape}.");
        if ((uint)row >= (uint)Shape[0] || (uint)column >= (uint)Shape[1])
            throw new IndexOutOfRangeException($"Index [{row}, {column}] is outside shape {Shape}.");
        return row * Shape[1] + column;
    }
}
