using System.Buffers.Binary;
using System.Numerics;

namespace Vae.Core.Serialization;

/// <summary>The mapping between <c>float</c>/<c>double</c> and the safetensors element types, and their little-endian bytes.</summary>
internal static class SafeTensorsElement
{
    /// <summary>The dtype of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static SafeTensorsDType DTypeOf<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? SafeTensorsDType.F32
        : typeof(T) == typeof(double) ? SafeTensorsDType.F64
        : throw new NotSupportedException($"safetensors files hold float (F32) or double (F64) here; {typeof(T).Name} is not supported.");

    /// <summary>Bytes per element.</summary>
    public static int Size(SafeTensorsDType dtype) => dtype == SafeTensorsDType.F32 ? 4 : 8;

    /// <summary>The dtype named <paramref name="name"/> in a header, or null when this library does not read it.</summary>
    public static SafeTensorsDType? Parse(string name) => name switch
    {
        "F32" => SafeTensorsDType.F32,
        "F64" => SafeTensorsDType.F64,
        _ => null,
    };

    /// <summary>Writes <paramref name="values"/> little-endian into <paramref name="destination"/> (exactly Size · length bytes).</summary>
    public static void Encode<T>(ReadOnlySpan<T> values, Span<byte> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var source = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values);
            for (int i = 0; i < source.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], source[i]);
        }
        else
        {
            var source = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(values);
            for (int i = 0; i < source.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(destination[(8 * i)..], source[i]);
        }
    }

    /// <summary>Reads little-endian elements from <paramref name="source"/> into <paramref name="values"/>.</summary>
    public static void Decode<T>(ReadOnlySpan<byte> source, Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var target = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(values);
            for (int i = 0; i < target.Length; i++) target[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
        }
        else
        {
            var target = System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(values);
            for (int i = 0; i < target.Length; i++) target[i] = BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
        }
    }
}
