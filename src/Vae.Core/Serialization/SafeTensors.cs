using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vae.Core.Nn;

namespace Vae.Core.Serialization;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face), which PyTorch, JAX and NumPy load:
/// an 8-byte little-endian header length N, an N-byte UTF-8 JSON header, then the tensors' bytes.
/// </summary>
/// <remarks>
/// <para>
/// The header maps each tensor name to <c>{"dtype": "F32"|"F64", "shape": [...], "data_offsets":
/// [begin, end]}</c>, offsets counted from the first byte after the header, plus an optional
/// <c>"__metadata__"</c> map of strings to strings. Elements are little-endian and row-major. This
/// writer lists the metadata first and the tensors in the order given, packs their data in that order
/// without gaps, and pads the header with spaces to a multiple of 8 bytes, so every tensor starts
/// 8-byte aligned (the reference implementation does the same).
/// </para>
/// <para>
/// The reader enforces the format's rules: the header lies inside the file and is a JSON object,
/// names are unique, each tensor's byte span equals its element count times the element size, and the
/// spans tile the data section exactly (no gap, overlap or trailing byte). Only F32 and F64 tensors
/// are read. Errors are <see cref="SafeTensorsFormatException"/>s naming the file and the problem.
/// Format: https://github.com/huggingface/safetensors (README, "Format").
/// </para>
/// </remarks>
public static class SafeTensors
{
    /// <summary>The reserved header key of the string-to-string metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The largest header this reader accepts (the reference implementation's limit, 100 MB).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (in order, under their names) and <paramref name="metadata"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void Write<T>(Stream stream, IReadOnlyList<NamedParameter<T>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var dtype = SafeTensorsElement.DTypeOf<T>();
        byte[] header = Header(tensors, metadata, dtype);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        int size = SafeTensorsElement.Size(dtype);
        const int chunkElements = 8192;
        byte[] chunk = ArrayPool<byte>.Shared.Rent(chunkElements * size);
        try
        {
            foreach (var tensor in tensors)
            {
                var values = tensor.Value.ReadOnlySpan;
                for (int start = 0; start < values.Length; start += chunkElements)
                {
                    int count = Math.Min(chunkElements, values.Length - start);
                    SafeTensorsElement.Encode(values.Slice(start, count), chunk.AsSpan(0, count * size));
                    stream.Write(chunk, 0, count * size);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>The bytes of the safetensors file holding <paramref name="tensors"/> and <paramref name="metadata"/>.</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved.</exception>
    public static byte[] Serialize<T>(IReadOnlyList<NamedParameter<T>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var buffer = new MemoryStream();
        Write(buffer, tensors, metadata);
        return buffer.ToArray();
    }

    /// <summary>Writes the file <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved.</exception>
    public static void WriteFile<T>(string path, IReadOnlyList<NamedParameter<T>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        AtomicFile.WriteAllBytes(path, Serialize(tensors, metadata));

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="SafeTensorsFormatException">The file breaks the format or holds a dtype other than F32 and F64.</exception>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Validates the bytes of a safetensors file; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="SafeTensorsFormatException">The bytes break the format or hold a dtype other than F32 and F64.</exception>
    public static SafeTensorsFile Parse(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        return SafeTensorsFile.Parse(bytes, sourceName);
    }

    private static byte[] Header<T>(IReadOnlyList<NamedParameter<T>> tensors, IReadOnlyDictionary<string, string>? metadata, SafeTensorsDType dtype)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) writer.WriteString(key, value ?? throw new ArgumentException($"Metadata '{key}' is null.", nameof(metadata)));
                writer.WriteEndObject();
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            long offset = 0;
            int size = SafeTensorsElement.Size(dtype);
            for (int i = 0; i < tensors.Count; i++)
            {
                var (name, value) = tensors[i] ?? throw new ArgumentException($"Tensor {i} is null.", nameof(tensors));
                if (string.IsNullOrEmpty(name) || name == MetadataKey || !names.Add(name))
                    throw new ArgumentException($"Tensor {i} has the name '{name}', which is empty, reserved or already used.", nameof(tensors));
                writer.WriteStartObject(name);
                writer.WriteString("dtype", dtype.ToString());
                writer.WriteStartArray("shape");
                for (int axis = 0; axis < value.Shape.Rank; axis++) writer.WriteNumberValue(value.Shape[axis]);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += (long)value.Size * size;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        int padded = (json.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        json.WrittenSpan.CopyTo(header);
        header.AsSpan(json.WrittenCount).Fill((byte)' ');
        return header;
    }
}
