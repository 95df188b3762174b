using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;
using Vae.Core.Tensors;

namespace Vae.Core.Serialization;

/// <summary>A validated safetensors file in memory: its tensors' names, types and shapes, its metadata, and their data.</summary>
/// <remarks>Read one with <see cref="SafeTensors.Read"/> or <see cref="SafeTensors.Parse"/>.</remarks>
public sealed class SafeTensorsFile
{
    private readonly byte[] bytes;
    private readonly long dataStart;
    private readonly Dictionary<string, SafeTensorsEntry> byName;

    private SafeTensorsFile(string sourceName, byte[] bytes, long headerLength, List<SafeTensorsEntry> entries, Dictionary<string, string> metadata)
    {
        SourceName = sourceName;
        this.bytes = bytes;
        HeaderLength = headerLength;
        dataStart = 8 + headerLength;
        Tensors = entries;
        Metadata = metadata;
        byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The file (or the name given for the bytes).</summary>
    public string SourceName { get; }

    /// <summary>N, the length of the JSON header in bytes (padding included).</summary>
    public long HeaderLength { get; }

    /// <summary>The tensors in the order of their data.</summary>
    public IReadOnlyList<SafeTensorsEntry> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the header has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Whether a tensor is named <paramref name="name"/>.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>The header entry of the tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public SafeTensorsEntry this[string name] => byName.TryGetValue(name, out var entry)
        ? entry
        : throw new KeyNotFoundException($"safetensors file '{SourceName}' has no tensor named '{name}'.");

    /// <summary>A new tensor holding the data of the tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="SafeTensorsFormatException">Its dtype is not <typeparamref name="T"/>'s, or its rank exceeds <see cref="Shape.MaxRank"/>.</exception>
    public Tensor<T> Get<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var entry = this[name];
        if (entry.Shape.Count > Shape.MaxRank)
            throw new SafeTensorsFormatException(SourceName, $"tensor '{name}' has shape {entry.ShapeText}; tensors here have rank at most {Shape.MaxRank}.");
        var tensor = new Tensor<T>(new Shape([.. entry.Shape]));
        Decode(entry, tensor.Span);
        return tensor;
    }

    /// <summary>Copies the data of the tensor named <paramref name="name"/> into <paramref name="destination"/>, which must have its shape.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="SafeTensorsFormatException">Its shape or dtype differs from the destination's.</exception>
    public void CopyTo<T>(string name, Tensor<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(destination);
        var entry = this[name];
        if (!entry.Shape.SequenceEqual(destination.Shape.ToArray()))
            throw new SafeTensorsFormatException(SourceName, $"tensor shape mismatch: '{name}' is {entry.ShapeText} in the file but {destination.Shape} in the model.");
        Decode(entry, destination.Span);
    }

    private void Decode<T>(SafeTensorsEntry entry, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wanted = SafeTensorsElement.DTypeOf<T>();
        if (entry.DType != wanted)
            throw new SafeTensorsFormatException(SourceName, $"tensor '{entry.Name}' is {entry.DType}; reading it as {typeof(T).Name} needs {wanted}.");
        SafeTensorsElement.Decode(bytes.AsSpan((int)(dataStart + entry.Begin), (int)(entry.End - entry.Begin)), destination);
    }

    /// <summary>Validates <paramref name="bytes"/> (see <see cref="SafeTensors"/> for the rules).</summary>
    internal static SafeTensorsFile Parse(byte[] bytes, string source)
    {
        if (bytes.Length < 8)
            throw Error(source, $"the file is {bytes.Length} bytes long; a safetensors file starts with an 8-byte header length.");
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        long available = bytes.Length - 8L;
        if (declared > SafeTensors.MaxHeaderLength)
            throw Error(source, $"the header length {declared} exceeds the limit of {SafeTensors.MaxHeaderLength} bytes; the file is corrupt or not safetensors.");
        if (declared > (ulong)available)
            throw Error(source, $"the header length {declared} reaches beyond the end of the file ({bytes.Length} bytes: at most {available} after the length); the file is truncated or not safetensors.");
        long headerLength = (long)declared;
        var header = bytes.AsMemory(8, (int)headerLength);
        if (headerLength == 0 || header.Span[0] != (byte)'{')
            throw Error(source, "the header does not start with '{'; it must be a JSON object.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw Error(source, $"the header is not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            var entries = new List<SafeTensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == SafeTensors.MetadataKey) ReadMetadata(source, property.Value, metadata);
                else entries.Add(ReadEntry(source, property.Name, property.Value));
            }
            CheckLayout(source, entries, bytes.Length - 8 - headerLength);
            return new SafeTensorsFile(source, bytes, headerLength, entries, metadata);
        }
    }

    private static void ReadMetadata(string source, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, $"'{SafeTensors.MetadataKey}' must be an object of strings; it is a {value.ValueKind}.");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Error(source, $"metadata '{item.Name}' must be a string; it is a {item.Value.ValueKind}.");
            metadata.Add(item.Name, item.Value.GetString()!);
        }
    }

    private static SafeTensorsEntry ReadEntry(string source, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(source, $"tensor '{name}' must be described by an object; it is a {value.ValueKind}.");
        if (!value.TryGetProperty("dtype", out var dtypeText) || dtypeText.ValueKind != JsonValueKind.String)
            throw Error(source, $"tensor '{name}' has no string 'dtype'.");
        var dtype = SafeTensorsElement.Parse(dtypeText.GetString()!)
            ?? throw Error(source, $"tensor '{name}' has dtype '{dtypeText.GetString()}'; only F32 and F64 are supported.");
        var shape = ReadIntegers(source, name, value, "shape", -1);
        var offsets = ReadIntegers(source, name, value, "data_offsets", 2);
        var dims = new int[shape.Length];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] > int.MaxValue)
                throw Error(source, $"tensor '{name}' has dimension {shape[i]}, beyond {int.MaxValue}.");
            dims[i] = (int)shape[i];
            count = checked(count * dims[i]);
        }
        if (count > Array.MaxLength)
            throw Error(source, $"tensor '{name}' has {count} elements, more than an array can hold.");
        ulong begin = offsets[0], end = offsets[1];
        ulong needed = (ulong)count * (ulong)SafeTensorsElement.Size(dtype);
        if (end < begin || end - begin != needed)
            throw Error(source, $"tensor '{name}' of shape [{string.Join(", ", dims)}] and dtype {dtype} needs {needed} bytes, but its data_offsets [{begin}, {end}] span {(end >= begin ? (end - begin).ToString() : "a negative length")}.");
        if (end > long.MaxValue)
            throw Error(source, $"tensor '{name}' ends at byte {end}, beyond any file.");
        return new SafeTensorsEntry(name, dtype, dims, (long)begin, (long)end);
    }

    private static ulong[] ReadIntegers(string source, string name, JsonElement value, string key, int length)
    {
        if (!value.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Error(source, $"tensor '{name}' has no array '{key}'.");
        if (length >= 0 && array.GetArrayLength() != length)
            throw Error(source, $"tensor '{name}': '{key}' must hold {length} integers; it holds {array.GetArrayLength()}.");
        var result = new ulong[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetUInt64(out result[i]))
                throw Error(source, $"tensor '{name}': '{key}' must hold non-negative integers; element {i} is {item.GetRawText()}.");
            i++;
        }
        return result;
    }

    /// <summary>The spans, in offset order, must tile the data section [0, length) exactly.</summary>
    private static void CheckLayout(string source, List<SafeTensorsEntry> entries, long length)
    {
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expected = 0;
        foreach (var entry in ordered)
        {
            if (entry.Begin != expected)
                throw Error(source, entry.Begin > expected
                    ? $"tensor '{entry.Name}' starts at data byte {entry.Begin}, leaving a gap after byte {expected}."
                    : $"tensor '{entry.Name}' starts at data byte {entry.Begin}, overlapping the data before byte {expected}.");
            if (entry.End > length)
                throw Error(source, $"tensor '{entry.Name}' ends at data byte {entry.End}, beyond the end of the data ({length} bytes): the file is truncated.");
            expected = entry.End;
        }
        if (expected != length)
            throw Error(source, $"the tensors' data end at byte {expected} but the data section holds {length} bytes; {length - expected} trailing bytes belong to no tensor.");
        entries.Clear();
        entries.AddRange(ordered);
    }

    private static SafeTensorsFormatException Error(string source, string detail, Exception? inner = null) => new(source, detail, inner);
}
