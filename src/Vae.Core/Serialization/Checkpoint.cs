using System.Numerics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Vae.Core.Nn;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Core.Training;

namespace Vae.Core.Serialization;

/// <summary>
/// A training checkpoint in a directory: the parameters as a safetensors file (loadable by PyTorch),
/// the optimiser's buffers as a second one, and a JSON manifest <c>checkpoint.json</c> holding the
/// writer's configuration, the optimiser's other state, the generator state, the training progress,
/// the library version and the SHA-256 of both tensor files.
/// </summary>
/// <remarks>
/// <para>
/// Crash safety: the tensor files are named after their checksums (<c>weights-HASH.safetensors</c>)
/// and written first, each atomically (<see cref="AtomicFile"/>); the manifest is written last,
/// atomically, and only then are the previous checkpoint's tensor files deleted. A crash at any point
/// leaves either the previous manifest with its files or the new one with its files: never a manifest
/// pointing at a half-written or newer file. On load both checksums are verified before anything is
/// parsed, so a truncated or modified file is refused with a message naming it.
/// </para>
/// <para>
/// The weights file holds the tensors under their <see cref="ParameterSet{T}"/> names, in order, as F32
/// or F64. <see cref="Linear{T}"/> stores its weight [inputs, outputs]: a <c>torch.nn.Linear</c> wants
/// its transpose. The optimiser file holds buffer <c>b</c> of parameter <c>p</c> as the F64 tensor
/// <c>b/p</c> with the parameter's shape. One writer per directory.
/// </para>
/// </remarks>
public sealed class Checkpoint
{
    /// <summary>The manifest's file name in a checkpoint directory.</summary>
    public const string ManifestFileName = "checkpoint.json";

    private readonly string[] parameterNames;
    private readonly OptimizerManifest? optimizerManifest;
    private readonly SafeTensorsFile? optimizerFile;

    private Checkpoint(string manifestPath, CheckpointManifest manifest, SafeTensorsFile weights, SafeTensorsFile? optimizerFile)
    {
        ManifestPath = manifestPath;
        string directory = Path.GetDirectoryName(manifestPath)!;
        WeightsPath = Path.Combine(directory, manifest.Weights.File);
        OptimizerPath = manifest.Optimizer is null ? null : Path.Combine(directory, manifest.Optimizer.File.File);
        LibraryVersion = manifest.Library;
        Configuration = manifest.Configuration;
        Progress = manifest.Progress;
        Rng = manifest.Rng;
        Weights = weights;
        parameterNames = [.. manifest.Parameters];
        optimizerManifest = manifest.Optimizer;
        this.optimizerFile = optimizerFile;
    }

    /// <summary>This library's version as recorded in new checkpoints (the informational version of Vae.Core).</summary>
    public static string CurrentLibraryVersion { get; } = "Vae.Core " +
        (typeof(Checkpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
         ?? typeof(Checkpoint).Assembly.GetName().Version?.ToString() ?? "unknown");

    /// <summary>The manifest file.</summary>
    public string ManifestPath { get; }

    /// <summary>The weights file (safetensors).</summary>
    public string WeightsPath { get; }

    /// <summary>The optimiser buffers file (safetensors), or null when no optimiser state was saved.</summary>
    public string? OptimizerPath { get; }

    /// <summary>The library version that wrote the checkpoint.</summary>
    public string LibraryVersion { get; }

    /// <summary>The writer's configuration: whatever it needs to rebuild the model (architecture, preprocessing, training settings).</summary>
    public JsonElement Configuration { get; }

    /// <summary>Where training stood: <see cref="TrainingProgress.Epoch"/> epochs done, and how far into the next.</summary>
    public TrainingProgress Progress { get; }

    /// <summary>The number of completed epochs.</summary>
    public int Epoch => Progress.Epoch;

    /// <summary>The state of the training generator, or null when none was saved.</summary>
    public RngState? Rng { get; }

    /// <summary>The parameter names in the order they were saved (the optimiser's buffers follow it).</summary>
    public IReadOnlyList<string> ParameterNames => parameterNames;

    /// <summary>The verified weights file.</summary>
    public SafeTensorsFile Weights { get; }

    /// <summary>Whether an optimiser state was saved.</summary>
    public bool HasOptimizerState => optimizerManifest is not null;

    /// <summary>
    /// Writes a checkpoint of <paramref name="parameters"/> into <paramref name="directory"/> (created if
    /// needed), replacing the one there crash-safely; returns the manifest's path.
    /// </summary>
    /// <param name="directory">The checkpoint directory.</param>
    /// <param name="parameters">The model's parameters (names unique; F32 or F64).</param>
    /// <param name="configuration">What the reader needs to rebuild the model (any JSON value).</param>
    /// <param name="progress">Where training stands (the start when omitted).</param>
    /// <param name="optimizer">The optimiser's state for <paramref name="parameters"/>, in their order, or null.</param>
    /// <param name="rng">The training generator's state, or null.</param>
    /// <exception cref="ArgumentException">A parameter name is empty or repeated, or the optimiser buffers do not match the parameters.</exception>
    public static string Save<T>(string directory, IReadOnlyList<NamedParameter<T>> parameters, JsonElement configuration,
        TrainingProgress progress = default, OptimizerState? optimizer = null, RngState? rng = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(parameters);
        progress.Validate();
        Directory.CreateDirectory(directory);
        string manifestPath = Path.Combine(directory, ManifestFileName);
        var previous = PreviousFiles(manifestPath);

        var weightMetadata = new Dictionary<string, string>
        {
            ["library"] = CurrentLibraryVersion,
            ["layout"] = "row-major; Linear weights are [inputs, outputs] (y = x W + b): transpose them for torch.nn.Linear",
        };
        var weights = WriteHashed(directory, "weights", stream => SafeTensors.Write(stream, parameters, weightMetadata));
        OptimizerManifest? optimizerManifest = null;
        if (optimizer is not null)
        {
            var bufferNames = optimizer.Buffers.Keys.Order(StringComparer.Ordinal).ToArray();
            var tensors = new List<NamedParameter<double>>();
            foreach (string buffer in bufferNames)
            {
                var values = optimizer.Buffers[buffer];
                if (values.Length != parameters.Count)
                    throw new ArgumentException($"Optimizer buffer '{buffer}' has {values.Length} arrays for {parameters.Count} parameters.", nameof(optimizer));
                for (int i = 0; i < parameters.Count; i++)
                {
                    var shape = parameters[i].Value.Shape;
                    if (values[i].Length != shape.Size)
                        throw new ArgumentException($"Optimizer buffer '{buffer}' of '{parameters[i].Name}' has {values[i].Length} values; the parameter has {shape.Size}.", nameof(optimizer));
                    tensors.Add(new NamedParameter<double>(buffer + "/" + parameters[i].Name, new Tensor<double>(shape, values[i])));
                }
            }
            var file = WriteHashed(directory, "optimizer", stream => SafeTensors.Write(stream, tensors));
            optimizerManifest = new OptimizerManifest(optimizer.Algorithm, optimizer.StepCount, optimizer.Hyperparameters, bufferNames, file);
        }
        var manifest = new CheckpointManifest(CurrentLibraryVersion, progress, configuration, weights,
            [.. parameters.Select(p => p.Name)], optimizerManifest, rng);
        AtomicFile.WriteAllBytes(manifestPath, manifest.ToJson());
        foreach (string stale in previous.Except([weights.File, optimizerManifest?.File.File ?? ""]))
            File.Delete(Path.Combine(directory, stale));
        return manifestPath;
    }

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> (its directory or its manifest), verifying both
    /// tensor files' checksums and formats.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no manifest at <paramref name="path"/>.</exception>
    /// <exception cref="CheckpointException">The manifest is malformed, a file is missing, a checksum differs, or the files disagree with the manifest.</exception>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string manifestPath = Path.GetFullPath(Directory.Exists(path) ? Path.Combine(path, ManifestFileName) : path);
        if (!File.Exists(manifestPath))
            throw new FileNotFoundException($"There is no checkpoint at '{path}': '{manifestPath}' does not exist.", manifestPath);
        var manifest = CheckpointManifest.Parse(File.ReadAllBytes(manifestPath), manifestPath);
        string directory = Path.GetDirectoryName(manifestPath)!;
        var weights = ReadVerified(directory, manifest.Weights, manifestPath);
        var names = manifest.Parameters;
        if (names.Count != names.Distinct(StringComparer.Ordinal).Count())
            throw new CheckpointException(manifestPath, "'parameters' lists a name twice.");
        var listed = names.ToHashSet(StringComparer.Ordinal);
        var unlisted = weights.Tensors.Select(t => t.Name).Where(n => !listed.Contains(n)).ToList();
        var absent = names.Where(n => !weights.Contains(n)).ToList();
        if (unlisted.Count > 0 || absent.Count > 0)
            throw new CheckpointException(weights.SourceName,
                $"the tensors do not match the manifest's parameters: {Describe(absent, "missing")}{(absent.Count > 0 && unlisted.Count > 0 ? "; " : "")}{Describe(unlisted, "not listed")}.");
        SafeTensorsFile? optimizerFile = null;
        if (manifest.Optimizer is { } o)
        {
            optimizerFile = ReadVerified(directory, o.File, manifestPath);
            foreach (string buffer in o.Buffers)
                foreach (string name in names)
                {
                    string key = buffer + "/" + name;
                    if (!optimizerFile.Contains(key))
                        throw new CheckpointException(optimizerFile.SourceName, $"the optimiser buffer '{key}' is missing.");
                    var entry = optimizerFile[key];
                    if (entry.DType != SafeTensorsDType.F64 || !entry.Shape.SequenceEqual(weights[name].Shape))
                        throw new CheckpointException(optimizerFile.SourceName,
                            $"tensor shape mismatch: the optimiser buffer '{key}' is {entry.DType} {entry.ShapeText}; its parameter is {weights[name].ShapeText} (buffers are F64).");
                }
            if (optimizerFile.Tensors.Count != o.Buffers.Count * names.Count)
                throw new CheckpointException(optimizerFile.SourceName,
                    $"the file holds {optimizerFile.Tensors.Count} tensors; the manifest lists {o.Buffers.Count} buffers of {names.Count} parameters.");
        }
        return new Checkpoint(manifestPath, manifest, weights, optimizerFile);
    }

    /// <summary>
    /// Copies the saved values into <paramref name="parameters"/> (matched by name), after checking that
    /// the names are the same sets and that every shape and element type agrees; nothing is changed
    /// when a check fails.
    /// </summary>
    /// <exception cref="CheckpointException">A name is on one side only, or a shape or element type differs.</exception>
    public void LoadParameters<T>(IReadOnlyList<NamedParameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var modelNames = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var notInModel = parameterNames.Where(n => !modelNames.Contains(n)).ToList();
        var notSaved = parameters.Select(p => p.Name).Where(n => !Weights.Contains(n)).ToList();
        if (notInModel.Count > 0 || notSaved.Count > 0)
            throw new CheckpointException(WeightsPath,
                $"the checkpoint does not fit the model: {Describe(notSaved, "in the model but not the checkpoint")}{(notSaved.Count > 0 && notInModel.Count > 0 ? "; " : "")}{Describe(notInModel, "in the checkpoint but not the model")}.");
        var dtype = SafeTensorsElement.DTypeOf<T>();
        foreach (var (name, value) in parameters)
        {
            var entry = Weights[name];
            if (!entry.Shape.SequenceEqual(value.Shape.ToArray()))
                throw new CheckpointException(WeightsPath, $"tensor shape mismatch: '{name}' is {entry.ShapeText} in the checkpoint but {value.Shape} in the model.");
            if (entry.DType != dtype)
                throw new CheckpointException(WeightsPath, $"'{name}' is {entry.DType} in the checkpoint but the model's elements are {typeof(T).Name} ({dtype}).");
        }
        foreach (var (name, value) in parameters) Weights.CopyTo(name, value);
    }

    /// <summary>
    /// The saved optimiser state with its buffers in the order of <paramref name="parameterNames"/>
    /// (the order of the optimiser that will receive it), or null when none was saved.
    /// </summary>
    /// <exception cref="CheckpointException">The names are not the saved parameters' names.</exception>
    public OptimizerState? OptimizerStateFor(IReadOnlyList<string> parameterNames)
    {
        ArgumentNullException.ThrowIfNull(parameterNames);
        if (optimizerManifest is null) return null;
        if (parameterNames.Count != this.parameterNames.Length || !parameterNames.ToHashSet(StringComparer.Ordinal).SetEquals(this.parameterNames))
            throw new CheckpointException(OptimizerPath!, "the optimiser state is for other parameters than those given.");
        var buffers = optimizerManifest.Buffers.ToDictionary(b => b,
            b => parameterNames.Select(n => optimizerFile!.Get<double>(b + "/" + n).ToArray()).ToArray(), StringComparer.Ordinal);
        return new OptimizerState(optimizerManifest.Algorithm, optimizerManifest.StepCount, optimizerManifest.Hyperparameters, buffers);
    }

    /// <summary>
    /// Writes the content that <paramref name="write"/> produces to a file named after its SHA-256. The
    /// content is produced twice, once into the hash and once into the file, so that it is never held
    /// in memory (the optimiser state of the 784-400-20 VAE is 10 MB).
    /// </summary>
    private static FileReference WriteHashed(string directory, string stem, Action<Stream> write)
    {
        string sha;
        using (var hash = SHA256.Create())
        {
            using (var hashing = new CryptoStream(Stream.Null, hash, CryptoStreamMode.Write)) write(hashing);
            sha = Convert.ToHexStringLower(hash.Hash!);
        }
        string file = $"{stem}-{sha[..16]}.safetensors";
        AtomicFile.Write(Path.Combine(directory, file), write);
        return new FileReference(file, sha);
    }

    private static SafeTensorsFile ReadVerified(string directory, FileReference reference, string manifestPath)
    {
        string path = Path.Combine(directory, reference.File);
        if (!File.Exists(path))
            throw new CheckpointException(path, $"the file is missing (the manifest '{manifestPath}' refers to it).");
        byte[] bytes = File.ReadAllBytes(path);
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != reference.Sha256)
            throw new CheckpointException(path,
                $"checksum mismatch: the manifest records SHA-256 {reference.Sha256} but the file ({bytes.Length} bytes) has {actual}; it was modified or truncated after it was written.");
        return SafeTensors.Parse(bytes, path);
    }

    /// <summary>The tensor files of the checkpoint now at <paramref name="manifestPath"/>, to delete once replaced (none when unreadable).</summary>
    private static IReadOnlyList<string> PreviousFiles(string manifestPath)
    {
        if (!File.Exists(manifestPath)) return [];
        try
        {
            var old = CheckpointManifest.Parse(File.ReadAllBytes(manifestPath), manifestPath);
            return old.Optimizer is null ? [old.Weights.File] : [old.Weights.File, old.Optimizer.File.File];
        }
        catch (CheckpointException)
        {
            return [];
        }
    }

    private static string Describe(List<string> names, string what) =>
        names.Count == 0 ? "" : $"{what}: {string.Join(", ", names.Take(5).Select(n => $"'{n}'"))}{(names.Count > 5 ? $" and {names.Count - 5} more" : "")}";
}
