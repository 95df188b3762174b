using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Core.Tensors;
using Vae.Core.Tests.Data;

namespace Vae.Core.Tests.Serialization;

/// <summary>The safetensors writer and reader against the format's specification, byte for byte, and against PyTorch when it is installed.</summary>
public class SafeTensorsTests
{
    private static NamedParameter<T> Named<T>(string name, Tensor<T> value) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => new(name, value);

    [Fact]
    public void A_one_tensor_file_has_the_byte_layout_the_specification_prescribes()
    {
        byte[] bytes = SafeTensors.Serialize([Named("a", Tensor<float>.FromArray([1f, -2f], 2))]);
        // Header: the compact JSON object below, 54 bytes, padded with 2 spaces to 56 (a multiple of 8).
        const string json = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
        Assert.Equal(54, json.Length);
        byte[] expected =
        [
            56, 0, 0, 0, 0, 0, 0, 0,                     // N = 56 as a little-endian u64
            .. Encoding.UTF8.GetBytes(json), 32, 32,
            0x00, 0x00, 0x80, 0x3F,                      // 1.0f = 0x3F800000, little-endian
            0x00, 0x00, 0x00, 0xC0,                      // -2.0f = 0xC0000000, little-endian
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Metadata_comes_first_and_F64_scalars_and_matrices_are_laid_out_row_major_little_endian()
    {
        byte[] bytes = SafeTensors.Serialize(
            [Named("s", Tensor<double>.Scalar(1.0)), Named("m", Tensor<double>.FromArray([0.5, 2.0, -0.0, 3.0], 2, 2))],
            new Dictionary<string, string> { ["k"] = "v" });
        const string json = """{"__metadata__":{"k":"v"},"s":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"m":{"dtype":"F64","shape":[2,2],"data_offsets":[8,40]}}""";
        int n = (json.Length + 7) / 8 * 8;
        Assert.Equal((ulong)n, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(json.PadRight(n), Encoding.UTF8.GetString(bytes, 8, n));
        Assert.Equal(8 + n + 40, bytes.Length);
        // 1.0 = 0x3FF0000000000000, 0.5 = 0x3FE0..., 2.0 = 0x4000..., -0.0 = 0x8000..., 3.0 = 0x4008...
        ulong[] bits = [0x3FF0000000000000, 0x3FE0000000000000, 0x4000000000000000, 0x8000000000000000, 0x4008000000000000];
        for (int i = 0; i < bits.Length; i++)
            Assert.Equal(bits[i], BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8 + n + 8 * i)));
    }

    [Fact]
    public void Every_bit_pattern_of_every_rank_round_trips_exactly()
    {
        var rng = Rng.Create(41);
        int[][] shapes = [[], [0], [7], [3, 5], [2, 0, 4], [2, 3, 1, 4], [1, 1, 1, 1]];
        var floats = shapes.Select((s, i) => Named($"f{i}", RandomBits<float>(rng, s))).ToList();
        var doubles = shapes.Select((s, i) => Named($"d{i}", RandomBits<double>(rng, s))).ToList();
        var metadata = new Dictionary<string, string> { ["unicode"] = "ε ≤ 1 — “quoted” \\ \"", ["empty"] = "" };
        foreach (var (written, read) in new[]
                 {
                     (floats.Select(p => Describe(p.Name, p.Value.Shape.ToArray(), Bits(p.Value))).ToList(), Read<float>(SafeTensors.Serialize(floats, metadata))),
                     (doubles.Select(p => Describe(p.Name, p.Value.Shape.ToArray(), Bits(p.Value))).ToList(), Read<double>(SafeTensors.Serialize(doubles, metadata))),
                 })
            Assert.Equal(written, read);
        var file = SafeTensors.Parse(SafeTensors.Serialize(floats, metadata), "mem");
        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(floats.Select(p => p.Name), file.Tensors.Select(t => t.Name));
        Assert.All(file.Tensors, t => Assert.Equal(0, t.Begin % 4));
        Assert.Equal(0, (8 + file.HeaderLength) % 8);
    }

    private static List<string> Read<T>(byte[] bytes) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var file = SafeTensors.Parse(bytes, "mem");
        return file.Tensors.Select(t => Describe(t.Name, [.. t.Shape], Bits(file.Get<T>(t.Name)))).ToList();
    }

    /// <summary>A tensor as text (name, shape, hexadecimal bit patterns), for exact comparisons with readable failures.</summary>
    private static string Describe(string name, int[] shape, ulong[] bits) =>
        $"{name} [{string.Join(",", shape)}] {string.Join(" ", bits.Select(b => b.ToString("x")))}";

    private static Tensor<T> RandomBits<T>(Rng rng, int[] shape) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var t = new Tensor<T>(new Shape(shape));
        var span = t.Span;
        for (int i = 0; i < span.Length; i++)
            span[i] = typeof(T) == typeof(float)
                ? (T)(object)BitConverter.UInt32BitsToSingle(rng.NextUInt32())
                : (T)(object)BitConverter.UInt64BitsToDouble(rng.NextUInt64());
        return t;
    }

    private static ulong[] Bits<T>(Tensor<T> t) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        t.ToArray().Select(v => v is float f ? BitConverter.SingleToUInt32Bits(f) : BitConverter.DoubleToUInt64Bits((double)(object)v)).ToArray();

    /// <summary>A valid file, then each of the specification's rules broken in turn; every error names the file and the problem.</summary>
    [Theory]
    [InlineData("short", "8-byte header length")]
    [InlineData("header beyond file", "header length 4096 reaches beyond the end of the file")]
    [InlineData("huge header", "the header length 200000000 exceeds the limit of 100000000 bytes")]
    [InlineData("not an object", "does not start with '{'")]
    [InlineData("bad json", "not valid JSON")]
    [InlineData("dtype", "dtype 'BF16'; only F32 and F64")]
    [InlineData("span", "needs 8 bytes, but its data_offsets [0, 12] span 12")]
    [InlineData("gap", "leaving a gap after byte 0")]
    [InlineData("overlap", "overlapping the data before byte 8")]
    [InlineData("truncated", "beyond the end of the data (12 bytes): the file is truncated")]
    [InlineData("trailing", "4 trailing bytes belong to no tensor")]
    [InlineData("duplicate", "not valid JSON")]
    [InlineData("metadata", "metadata 'k' must be a string")]
    [InlineData("negative", "must hold non-negative integers")]
    public void A_file_breaking_the_format_is_refused_with_a_message_naming_it(string breakage, string expected)
    {
        const string a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        const string b = "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}";
        byte[] bytes = breakage switch
        {
            "short" => [1, 2, 3],
            "header beyond file" => [.. BitConverter.GetBytes(4096UL), .. Encoding.UTF8.GetBytes("{}")],
            "huge header" => [.. BitConverter.GetBytes(200_000_000UL), .. Encoding.UTF8.GetBytes("{}")],
            "not an object" => File("[" + a + "]", 8),
            "bad json" => File("{" + a + ",}", 8),
            "dtype" => File("{" + a.Replace("F32", "BF16") + "}", 8),
            "span" => File("{" + a.Replace("[0,8]", "[0,12]") + "}", 12),
            "gap" => File("{" + b + "}", 16),
            "overlap" => File("{" + a + "," + b.Replace("[8,16]", "[4,12]") + "}", 16),
            "truncated" => File("{" + a + "," + b + "}", 12),
            "trailing" => File("{" + a + "}", 12),
            "duplicate" => File("{" + a + "," + a + "}", 8),
            "metadata" => File("{\"__metadata__\":{\"k\":1}," + a + "}", 8),
            "negative" => File("{" + a.Replace("[2]", "[-2]") + "}", 8),
            _ => throw new ArgumentOutOfRangeException(nameof(breakage)),
        };
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Parse(bytes, "broken.safetensors"));
        Assert.StartsWith("safetensors file 'broken.safetensors': ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal("broken.safetensors", e.FilePath);
        Assert.Equal(e.Message, $"safetensors file 'broken.safetensors': {e.Detail}");
    }

    [Fact]
    public void The_valid_file_the_breakages_start_from_is_accepted()
    {
        var file = SafeTensors.Parse(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16), "ok");
        Assert.Equal(["a", "b"], file.Tensors.Select(t => t.Name));
        Assert.Equal(new float[4], file.Get<float>("a").ToArray().Concat(file.Get<float>("b").ToArray()).ToArray());
    }

    /// <summary>An 8-byte length, <paramref name="header"/> unpadded, and <paramref name="dataBytes"/> zero bytes.</summary>
    private static byte[] File(string header, int dataBytes)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        return [.. BitConverter.GetBytes((ulong)h.Length), .. h, .. new byte[dataBytes]];
    }

    [Fact]
    public void Reading_into_a_tensor_checks_its_shape_and_element_type()
    {
        var file = SafeTensors.Parse(SafeTensors.Serialize([Named("w", Tensor<float>.Zeros(2, 3))]), "w.safetensors");
        var shape = Assert.Throws<SafeTensorsFormatException>(() => file.CopyTo("w", Tensor<float>.Zeros(3, 2)));
        Assert.Contains("tensor shape mismatch: 'w' is [2, 3] in the file but [3, 2] in the model", shape.Message);
        var dtype = Assert.Throws<SafeTensorsFormatException>(() => file.Get<double>("w"));
        Assert.Contains("tensor 'w' is F32; reading it as Double needs F64", dtype.Message);
        Assert.Throws<KeyNotFoundException>(() => file.Get<float>("v"));
    }

    [Fact]
    public void Names_must_be_unique_non_empty_and_not_the_metadata_key()
    {
        foreach (string bad in new[] { "", SafeTensors.MetadataKey })
            Assert.Throws<ArgumentException>(() => SafeTensors.Serialize([Named(bad, Tensor<float>.Zeros(1))]));
        Assert.Throws<ArgumentException>(() => SafeTensors.Serialize([Named("x", Tensor<float>.Zeros(1)), Named("x", Tensor<float>.Zeros(1))]));
    }

    /// <summary>
    /// A file of several ranks and both dtypes read back by this library's reader and, where
    /// /usr/bin/python3 has torch, by read_safetensors.py (struct, json and torch.frombuffer only),
    /// which must see the same names, shapes, metadata and bit patterns.
    /// </summary>
    [Fact]
    public void PyTorch_reads_the_same_names_shapes_and_bits()
    {
        var rng = Rng.Create(7);
        var floats = new List<NamedParameter<float>>
        {
            Named("encoder.0.weight", RandomBits<float>(rng, [3, 4])),
            Named("encoder.0.bias", RandomBits<float>(rng, [4])),
            Named("scalar", Tensor<float>.Scalar(float.NaN)),
            Named("rank4", RandomBits<float>(rng, [2, 1, 2, 3])),
        };
        var metadata = new Dictionary<string, string> { ["library"] = "test", ["note"] = "ε" };
        using var dir = new TempDirectory();
        string path = dir.File("weights.safetensors");
        SafeTensors.WriteFile(path, floats, metadata);
        var ours = SafeTensors.Read(path);
        Assert.Equal(floats.Select(p => Describe(p.Name, p.Value.Shape.ToArray(), Bits(p.Value))),
            ours.Tensors.Select(t => Describe(t.Name, [.. t.Shape], Bits(ours.Get<float>(t.Name)))));

        string doublesPath = dir.File("optimizer.safetensors");
        var doubles = new List<NamedParameter<double>> { Named("exp_avg/w", RandomBits<double>(rng, [2, 2])) };
        SafeTensors.WriteFile(doublesPath, doubles);

        var torch = RunPython(ScriptPath, path, doublesPath);
        if (torch is null) return;
        using var document = JsonDocument.Parse(torch);
        var files = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        var expected = floats.Select(p => Describe(p.Name + " F32", p.Value.Shape.ToArray(), Bits(p.Value)))
            .Concat(doubles.Select(p => Describe(p.Name + " F64", p.Value.Shape.ToArray(), Bits(p.Value))));
        var actual = files.SelectMany(f => f.GetProperty("tensors").EnumerateArray()).Select(t =>
        {
            string dtype = t.GetProperty("dtype").GetString()!;
            return Describe(t.GetProperty("name").GetString() + " " + dtype, [.. t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())],
                [.. t.GetProperty("bits").EnumerateArray().Select(b => dtype == "F32" ? (uint)b.GetInt32() : (ulong)b.GetInt64())]);
        });
        Assert.Equal(expected, actual);
        Assert.Equal(ours.HeaderLength, files[0].GetProperty("header_length").GetInt64());
        Assert.Equal(metadata, files[0].GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        Assert.Empty(files[1].GetProperty("metadata").EnumerateObject());
    }

    private const string Python = "/usr/bin/python3";

    private static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Serialization", "read_safetensors.py");

    /// <summary>The script's JSON output for <paramref name="files"/>, or null when /usr/bin/python3 or its torch is not installed (exit code 3).</summary>
    private static string? RunPython(string script, params string[] files)
    {
        if (!System.IO.File.Exists(Python)) return null;
        using var process = Process.Start(new ProcessStartInfo(Python, [script, .. files]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 3) return null;
        Assert.True(process.ExitCode == 0, $"read_safetensors.py failed: {stderr.Result}");
        return stdout;
    }
}
