namespace Vae.Core.Serialization;

/// <summary>One tensor listed in a safetensors header.</summary>
/// <param name="Name">The tensor's name (for this library's files, the <see cref="Nn.ParameterSet{T}"/> name).</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
/// <param name="Begin">The first byte of the data, counted from the start of the data section (after the header).</param>
/// <param name="End">One past the last byte of the data, counted the same way.</param>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, IReadOnlyList<int> Shape, long Begin, long End)
{
    /// <summary>The shape as <c>[d0, d1, …]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
