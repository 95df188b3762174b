namespace Vae.Core.Tensors;

/// <summary>
/// The dimensions of a dense row-major tensor of rank 0 to 4. A value type: comparing, copying and
/// storing a shape never allocates.
/// </summary>
/// <remarks>Rank 0 is a scalar (size 1). Axes may be given from the end: -1 is the last axis.</remarks>
public readonly struct Shape : IEquatable<Shape>
{
    /// <summary>The largest rank a tensor may have.</summary>
    public const int MaxRank = 4;

    private readonly int d0, d1, d2, d3;

    /// <summary>Creates a shape from its dimensions (at most <see cref="MaxRank"/>, each at least 0).</summary>
    /// <exception cref="ArgumentException">More than four dimensions, or a negative one.</exception>
    public Shape(params int[] dims) : this(new ReadOnlySpan<int>(dims)) { }

    /// <summary>Creates a shape from its dimensions without allocating (C# callers).</summary>
    /// <exception cref="ArgumentException">More than four dimensions, or a negative one.</exception>
    public Shape(params ReadOnlySpan<int> dims)
    {
        if (dims.Length > MaxRank)
            throw new ArgumentException($"A shape has at most {MaxRank} dimensions; got {dims.Length}.", nameof(dims));
        for (int i = 0; i < dims.Length; i++)
            if (dims[i] < 0)
                throw new ArgumentException($"Dimension {i} of a shape must be >= 0; got {dims[i]}.", nameof(dims));
        Rank = dims.Length;
        d0 = dims.Length > 0 ? dims[0] : 0;
        d1 = dims.Length > 1 ? dims[1] : 0;
        d2 = dims.Length > 2 ? dims[2] : 0;
        d3 = dims.Length > 3 ? dims[3] : 0;
    }

    /// <summary>The shape of a scalar: rank 0, one element.</summary>
    public static Shape Scalar => default;

    /// <summary>The number of dimensions.</summary>
    public int Rank { get; }

    /// <summary>The extent of <paramref name="axis"/> (negative counts from the end).</summary>
    public int this[int axis] => NormalizeAxis(axis) switch { 0 => d0, 1 => d1, 2 => d2, _ => d3 };

    /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Size
    {
        get
        {
            int size = 1;
            for (int i = 0; i < Rank; i++) size *= this[i];
            return size;
        }
    }

    /// <summary>Maps a possibly negative axis to 0..Rank-1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside -Rank..Rank-1.</exception>
    public int NormalizeAxis(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank)
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {this}.");
        return a;
    }

    /// <summary>This shape with the extent of <paramref name="axis"/> replaced by <paramref name="extent"/>.</summary>
    public Shape With(int axis, int extent)
    {
        Span<int> dims = stackalloc int[Rank];
        CopyTo(dims);
        dims[NormalizeAxis(axis)] = extent;
        return new Shape(dims);
    }

    /// <summary>The product of the extents of the axes before <paramref name="axis"/>.</summary>
    public int SizeBefore(int axis)
    {
        int a = NormalizeAxis(axis), size = 1;
        for (int i = 0; i < a; i++) size *= this[i];
        return size;
    }

    /// <summary>The product of the extents of the axes after <paramref name="axis"/>.</summary>
    public int SizeAfter(int axis)
    {
        int a = NormalizeAxis(axis), size = 1;
        for (int i = a + 1; i < Rank; i++) size *= this[i];
        return size;
    }

    /// <summary>
    /// The shape two operands broadcast to (NumPy rules: aligned at the last axis, an extent of 1 or a
    /// missing leading axis repeats).
    /// </summary>
    /// <exception cref="ShapeMismatchException">Some aligned extents differ and neither is 1.</exception>
    public static Shape Broadcast(Shape a, Shape b) => Kernels.BroadcastPlan.ResultShape("Broadcast", a, b);

    /// <summary>Copies the dimensions into <paramref name="destination"/> (length at least Rank).</summary>
    public void CopyTo(Span<int> destination)
    {
        for (int i = 0; i < Rank; i++) destination[i] = this[i];
    }

    /// <summary>The <paramref name="length"/> dimensions from axis <paramref name="start"/> on, as a shape (no allocation).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not within 0..Rank.</exception>
    public Shape Slice(int start, int length)
    {
        if (start < 0 || length < 0 || start + length > Rank)
            throw new ArgumentOutOfRangeException(nameof(length), $"Axes {start}..{start + length - 1} are not within shape {this}.");
        Span<int> dims = stackalloc int[MaxRank];
        CopyTo(dims);
        return new Shape(dims.Slice(start, length));
    }

    /// <summary>The dimensions as a new array.</summary>
    public int[] ToArray()
    {
        var dims = new int[Rank];
        CopyTo(dims);
        return dims;
    }

    /// <inheritdoc />
    public bool Equals(Shape other) =>
        Rank == other.Rank && d0 == other.d0 && d1 == other.d1 && d2 == other.d2 && d3 == other.d3;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Rank, d0, d1, d2, d3);

    /// <summary>Equality of rank and every dimension.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Inequality of rank or some dimension.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <summary>The dimensions in brackets, e.g. <c>[128, 784]</c>.</summary>
    public override string ToString() => "[" + string.Join(", ", ToArray()) + "]";
}
