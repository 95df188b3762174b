using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vae.Core.Randomness;
using Vae.Core.Training;

namespace Vae.Core.Serialization;

/// <summary>A file a manifest points to: its name in the checkpoint's directory and its SHA-256 (lower-case hex).</summary>
internal sealed record FileReference(string File, string Sha256);

/// <summary>The optimiser part of a manifest: everything but the buffers, which live in their own safetensors file.</summary>
internal sealed record OptimizerManifest(string Algorithm, long StepCount, IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyList<string> Buffers, FileReference File);

/// <summary>
/// The JSON manifest of a checkpoint (<c>checkpoint.json</c>): format and library version, training
/// progress, the writer's configuration, and references (with checksums) to the tensor files.
/// </summary>
/// <remarks>
/// Doubles are written in the shortest form that round-trips; a non-finite one (a diverged loss) as
/// the string <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c>. 64-bit integers are JSON integers.
/// </remarks>
internal sealed record CheckpointManifest(string Library, TrainingProgress Progress, JsonElement Configuration,
    FileReference Weights, IReadOnlyList<string> Parameters, OptimizerManifest? Optimizer, RngState? Rng)
{
    public const string FormatName = "vae-checkpoint";
    public const int FormatVersion = 1;

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("formatVersion", FormatVersion);
            w.WriteString("library", Library);
            w.WriteStartObject("progress");
            w.WriteNumber("epoch", Progress.Epoch);
            w.WriteNumber("batch", Progress.Batch);
            WriteDouble(w, "lossSum", Progress.LossSum);
            w.WriteNumber("rows", Progress.Rows);
            w.WriteEndObject();
            w.WritePropertyName("configuration");
            Configuration.WriteTo(w);
            w.WriteStartObject("weights");
            WriteFile(w, Weights);
            w.WriteStartArray("parameters");
            foreach (string name in Parameters) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteEndObject();
            if (Optimizer is { } o)
            {
                w.WriteStartObject("optimizer");
                w.WriteString("algorithm", o.Algorithm);
                w.WriteNumber("stepCount", o.StepCount);
                w.WriteStartObject("hyperparameters");
                foreach (var (name, value) in o.Hyperparameters) WriteDouble(w, name, value);
                w.WriteEndObject();
                w.WriteStartArray("buffers");
                foreach (string name in o.Buffers) w.WriteStringValue(name);
                w.WriteEndArray();
                WriteFile(w, o.File);
                w.WriteEndObject();
            }
            if (Rng is { } r)
            {
                w.WriteStartObject("rng");
                w.WriteNumber("key", r.Key);
                w.WriteNumber("counter", r.Counter);
                w.WriteNumber("wordIndex", r.WordIndex);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a manifest; every problem is a <see cref="CheckpointException"/> naming <paramref name="path"/> and the field.</summary>
    public static CheckpointManifest Parse(byte[] json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"the manifest is not valid JSON ({e.Message}).", e);
        }
        using (document)
        {
            var fields = new Fields(path);
            var root = fields.Object(document.RootElement, "the manifest");
            string format = fields.String(root, "format");
            if (format != FormatName)
                throw new CheckpointException(path, $"'format' is '{format}'; expected '{FormatName}'.");
            int version = fields.Int32(root, "formatVersion");
            if (version != FormatVersion)
                throw new CheckpointException(path, $"the manifest has format version {version}; this library reads version {FormatVersion}.");
            string library = fields.String(root, "library");
            var progressElement = fields.Object(fields.Property(root, "progress"), "progress");
            var progress = new TrainingProgress(fields.Int32(progressElement, "epoch"), fields.Int32(progressElement, "batch"),
                fields.Double(progressElement, "lossSum"), fields.Int64(progressElement, "rows"));
            try
            {
                progress.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new CheckpointException(path, $"'progress' is inconsistent: {e.Message}", e);
            }
            var configuration = fields.Property(root, "configuration").Clone();
            var weights = fields.Object(fields.Property(root, "weights"), "weights");
            var parameters = fields.Strings(weights, "parameters");
            OptimizerManifest? optimizer = null;
            if (root.TryGetProperty("optimizer", out var o) && o.ValueKind != JsonValueKind.Null)
            {
                fields.Object(o, "optimizer");
                var hyperparameters = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var h in fields.Object(fields.Property(o, "hyperparameters"), "optimizer.hyperparameters").EnumerateObject())
                    hyperparameters.Add(h.Name, fields.Double(o.GetProperty("hyperparameters"), h.Name));
                optimizer = new OptimizerManifest(fields.String(o, "algorithm"), fields.Int64(o, "stepCount"), hyperparameters,
                    fields.Strings(o, "buffers"), fields.File(o));
            }
            RngState? rng = null;
            if (root.TryGetProperty("rng", out var r) && r.ValueKind != JsonValueKind.Null)
            {
                fields.Object(r, "rng");
                rng = new RngState(fields.UInt64(r, "key"), fields.UInt64(r, "counter"), fields.Int32(r, "wordIndex"));
                if ((uint)rng.WordIndex > 3)
                    throw new CheckpointException(path, $"'rng.wordIndex' is {rng.WordIndex}; it must be 0 to 3.");
            }
            return new CheckpointManifest(library, progress, configuration, fields.File(weights), parameters, optimizer, rng);
        }
    }

    private static void WriteFile(Utf8JsonWriter w, FileReference file)
    {
        w.WriteString("file", file.File);
        w.WriteString("sha256", file.Sha256);
    }

    private static void WriteDouble(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Typed field access that names the manifest and the field in every error.</summary>
    private readonly struct Fields(string path)
    {
        public JsonElement Object(JsonElement e, string what) => e.ValueKind == JsonValueKind.Object
            ? e
            : throw new CheckpointException(path, $"{what} must be a JSON object; it is {e.ValueKind}.");

        public JsonElement Property(JsonElement parent, string name) => parent.TryGetProperty(name, out var v)
            ? v
            : throw new CheckpointException(path, $"the manifest lacks '{name}'.");

        public string String(JsonElement parent, string name)
        {
            var v = Property(parent, name);
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Wrong(name, "a string", v);
        }

        public int Int32(JsonElement parent, string name)
        {
            var v = Property(parent, name);
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int x) ? x : throw Wrong(name, "a 32-bit integer", v);
        }

        public long Int64(JsonElement parent, string name)
        {
            var v = Property(parent, name);
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long x) ? x : throw Wrong(name, "a 64-bit integer", v);
        }

        public ulong UInt64(JsonElement parent, string name)
        {
            var v = Property(parent, name);
            return v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out ulong x) ? x : throw Wrong(name, "an unsigned 64-bit integer", v);
        }

        public double Double(JsonElement parent, string name)
        {
            var v = Property(parent, name);
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double x)) return x;
            if (v.ValueKind == JsonValueKind.String)
                switch (v.GetString())
                {
                    case "NaN": return double.NaN;
                    case "Infinity": return double.PositiveInfinity;
                    case "-Infinity": return double.NegativeInfinity;
                }
            throw Wrong(name, "a number", v);
        }

        public string[] Strings(JsonElement parent, string name)
        {
            var v = Property(parent, name);
            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw Wrong(name, "an array of strings", v);
            return [.. v.EnumerateArray().Select(e => e.GetString()!)];
        }

        public FileReference File(JsonElement parent)
        {
            string file = String(parent, "file"), sha = String(parent, "sha256");
            if (file.Length == 0 || file != Path.GetFileName(file) || file is "." or "..")
                throw new CheckpointException(path, $"'file' is '{file}'; it must be a plain file name in the checkpoint's directory.");
            if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
                throw new CheckpointException(path, $"'sha256' is '{sha}'; it must be 64 lower-case hexadecimal digits.");
            return new FileReference(file, sha);
        }

        private CheckpointException Wrong(string name, string kind, JsonElement v) =>
            new(path, $"'{name}' must be {kind}; it is {v.GetRawText()}.");
    }
}
