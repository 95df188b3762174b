namespace Vae.Core.Kernels;

/// <summary>An element-wise binary function on spans, with the scalar-operand forms broadcasting needs.</summary>
internal interface IBinaryMap<T>
{
    /// <summary>d[i] = f(x[i], y[i]).</summary>
    static abstract void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d);

    /// <summary>d[i] = f(x[i], y).</summary>
    static abstract void Apply(ReadOnlySpan<T> x, T y, Span<T> d);

    /// <summary>d[i] = f(x, y[i]).</summary>
    static abstract void Apply(T x, ReadOnlySpan<T> y, Span<T> d);
}
