using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Vae.Core.Kernels;

/// <summary>x + y.</summary>
internal readonly struct AddMap<T> : IBinaryMap<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Add(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Add(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Add(y, x, d);
}

/// <summary>x − y.</summary>
internal readonly struct SubtractMap<T> : IBinaryMap<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Subtract(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Subtract(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Subtract(x, y, d);
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyMap<T> : IBinaryMap<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Multiply(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Multiply(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Multiply(y, x, d);
}

/// <summary>x / y.</summary>
internal readonly struct DivideMap<T> : IBinaryMap<T> where T : IFloatingPointIeee754<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TP.Divide(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TP.Divide(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TP.Divide(x, y, d);
}
