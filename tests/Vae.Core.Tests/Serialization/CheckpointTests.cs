using System.Text.Json;
using Vae.Core.Nn;
using Vae.Core.Optim;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Core.Tensors;
using Vae.Core.Tests.Data;
using Vae.Core.Training;

namespace Vae.Core.Tests.Serialization;

public class CheckpointTests
{
    private static readonly JsonElement Config = JsonDocument.Parse("""{"model":"mlp","sizes":[3,4,2],"note":"ε"}""").RootElement.Clone();

    /// <summary>An MLP whose Adam state holds non-trivial buffers after three steps on random gradients.</summary>
    private sealed class Trained
    {
        public Trained(ulong seed)
        {
            var rng = Rng.Create(seed);
            Parameters = new ParameterSet<float>(new Mlp<float>([3, 4, 2], Activations.Tanh, rng));
            Optimizer = new AdamW<float>(Parameters.Tensors, learningRate: 0.01, weightDecay: 0.1);
            for (int step = 0; step < 3; step++)
            {
                var gradients = Parameters.Tensors.Select(p => new Tensor<float>(p.Shape)).ToList();
                foreach (var g in gradients) rng.FillNormal(g.Span, 0f, 1f);
                Optimizer.Step(gradients);
            }
            Rng = rng;
        }

        public ParameterSet<float> Parameters { get; }
        public AdamW<float> Optimizer { get; }
        public Rng Rng { get; }
    }

    private static uint[] Bits(IEnumerable<Tensor<float>> tensors) =>
        tensors.SelectMany(t => t.ToArray()).Select(BitConverter.SingleToUInt32Bits).ToArray();

    [Fact]
    public void Everything_saved_loads_back_exactly()
    {
        using var dir = new TempDirectory();
        var a = new Trained(1);
        var progress = new TrainingProgress(3, 2, 123.456789012345678, 64);
        var rngState = a.Rng.GetState();
        Checkpoint.Save(dir.Path, a.Parameters, Config, progress, a.Optimizer.GetState(), rngState);

        var checkpoint = Checkpoint.Load(dir.Path);
        Assert.Equal(progress, checkpoint.Progress);
        Assert.Equal(3, checkpoint.Epoch);
        Assert.Equal(rngState, checkpoint.Rng);
        Assert.Equal(Checkpoint.CurrentLibraryVersion, checkpoint.LibraryVersion);
        Assert.StartsWith("Vae.Core 0.1.0", checkpoint.LibraryVersion);
        Assert.Equal(JsonSerializer.Serialize(Config), JsonSerializer.Serialize(checkpoint.Configuration));
        Assert.Equal(a.Parameters.Select(p => p.Name), checkpoint.ParameterNames);

        var b = new Trained(2);
        Assert.NotEqual(Bits(a.Parameters.Tensors), Bits(b.Parameters.Tensors));
        checkpoint.LoadParameters(b.Parameters);
        Assert.Equal(Bits(a.Parameters.Tensors), Bits(b.Parameters.Tensors));

        var saved = a.Optimizer.GetState();
        var loaded = checkpoint.OptimizerStateFor(b.Parameters.Select(p => p.Name).ToList())!;
        Assert.Equal(saved.Algorithm, loaded.Algorithm);
        Assert.Equal(saved.StepCount, loaded.StepCount);
        Assert.Equal(saved.Hyperparameters.OrderBy(h => h.Key), loaded.Hyperparameters.OrderBy(h => h.Key));
        Assert.Equal(saved.Buffers.Keys.Order(), loaded.Buffers.Keys.Order());
        foreach (var (name, buffers) in saved.Buffers)
            Assert.Equal(buffers.Select(x => x.Select(BitConverter.DoubleToUInt64Bits)), loaded.Buffers[name].Select(x => x.Select(BitConverter.DoubleToUInt64Bits)));
        b.Optimizer.SetState(loaded);
        Assert.Equal(Rng.FromState(rngState).NextUInt64(), Rng.FromState(checkpoint.Rng!).NextUInt64());
    }

    [Fact]
    public void Optimizer_buffers_follow_the_order_of_the_names_asked_for()
    {
        using var dir = new TempDirectory();
        var a = new Trained(3);
        Checkpoint.Save(dir.Path, a.Parameters, Config, optimizer: a.Optimizer.GetState());
        var reversed = a.Parameters.Select(p => p.Name).Reverse().ToList();
        var state = Checkpoint.Load(dir.Path).OptimizerStateFor(reversed)!;
        var original = a.Optimizer.GetState();
        Assert.Equal(original.Buffers["exp_avg"].Reverse(), state.Buffers["exp_avg"]);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(dir.Path).OptimizerStateFor(["nope"]));
        Assert.Contains("other parameters", e.Message);
    }

    [Fact]
    public void Non_finite_loss_sums_and_a_checkpoint_without_optimiser_or_generator_round_trip()
    {
        using var dir = new TempDirectory();
        var a = new Trained(4);
        Checkpoint.Save(dir.Path, a.Parameters, Config, new TrainingProgress(0, 1, double.NaN, 5));
        var c = Checkpoint.Load(Path.Combine(dir.Path, Checkpoint.ManifestFileName));
        Assert.True(double.IsNaN(c.Progress.LossSum));
        Assert.False(c.HasOptimizerState);
        Assert.Null(c.OptimizerStateFor(c.ParameterNames));
        Assert.Null(c.Rng);
        Assert.Null(c.OptimizerPath);
    }

    [Fact]
    public void Saving_again_replaces_the_tensor_files_and_removes_the_old_ones()
    {
        using var dir = new TempDirectory();
        var a = new Trained(5);
        Checkpoint.Save(dir.Path, a.Parameters, Config, optimizer: a.Optimizer.GetState());
        var first = Checkpoint.Load(dir.Path);
        var b = new Trained(6);
        Checkpoint.Save(dir.Path, b.Parameters, Config, TrainingProgress.AtEpoch(1), b.Optimizer.GetState());
        var second = Checkpoint.Load(dir.Path);
        Assert.NotEqual(first.WeightsPath, second.WeightsPath);
        Assert.Equal(
            new[] { Checkpoint.ManifestFileName, Path.GetFileName(second.WeightsPath), Path.GetFileName(second.OptimizerPath!) }.Order(),
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
        Assert.Matches("^weights-[0-9a-f]{16}\\.safetensors$", Path.GetFileName(second.WeightsPath));
    }

    /// <summary>
    /// The states a crash can leave while checkpoint B replaces A: B's tensor files written but the
    /// manifest not yet replaced (with a half-written temporary manifest beside it), and the manifest
    /// replaced before A's files are deleted. The first still loads A exactly, the second B.
    /// </summary>
    [Fact]
    public void A_crash_while_replacing_a_checkpoint_leaves_a_loadable_one()
    {
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var a = new Trained(7);
        var b = new Trained(8);
        Checkpoint.Save(dirA.Path, a.Parameters, Config, optimizer: a.Optimizer.GetState());
        Checkpoint.Save(dirB.Path, b.Parameters, Config, TrainingProgress.AtEpoch(9), b.Optimizer.GetState());
        foreach (string file in Directory.GetFiles(dirB.Path, "*.safetensors"))
            File.Copy(file, Path.Combine(dirA.Path, Path.GetFileName(file)));
        byte[] newManifest = File.ReadAllBytes(Path.Combine(dirB.Path, Checkpoint.ManifestFileName));
        File.WriteAllBytes(Path.Combine(dirA.Path, ".checkpoint.json.0123.tmp"), newManifest[..(newManifest.Length / 2)]);

        var loaded = Checkpoint.Load(dirA.Path);
        Assert.Equal(0, loaded.Epoch);
        var target = new Trained(9);
        loaded.LoadParameters(target.Parameters);
        Assert.Equal(Bits(a.Parameters.Tensors), Bits(target.Parameters.Tensors));

        File.WriteAllBytes(Path.Combine(dirA.Path, Checkpoint.ManifestFileName), newManifest);
        var replaced = Checkpoint.Load(dirA.Path);
        Assert.Equal(9, replaced.Epoch);
        replaced.LoadParameters(target.Parameters);
        Assert.Equal(Bits(b.Parameters.Tensors), Bits(target.Parameters.Tensors));
    }

    [Fact]
    public void A_modified_or_truncated_tensor_file_is_refused_with_a_checksum_mismatch_naming_it()
    {
        using var dir = new TempDirectory();
        var a = new Trained(10);
        Checkpoint.Save(dir.Path, a.Parameters, Config, optimizer: a.Optimizer.GetState());
        var c = Checkpoint.Load(dir.Path);
        byte[] original = File.ReadAllBytes(c.WeightsPath);

        byte[] flipped = (byte[])original.Clone();
        flipped[^3] ^= 1;
        File.WriteAllBytes(c.WeightsPath, flipped);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(dir.Path));
        Assert.Equal(c.WeightsPath, e.FilePath);
        Assert.Contains(c.WeightsPath, e.Message);
        Assert.Contains("checksum mismatch", e.Message);

        File.WriteAllBytes(c.WeightsPath, original[..^4]);
        e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(dir.Path));
        Assert.Contains($"checksum mismatch: the manifest records SHA-256", e.Message);
        Assert.Contains($"the file ({original.Length - 4} bytes)", e.Message);

        File.WriteAllBytes(c.WeightsPath, original);
        File.AppendAllText(c.OptimizerPath!, " ");
        e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(dir.Path));
        Assert.Equal(c.OptimizerPath, e.FilePath);

        File.Delete(c.OptimizerPath!);
        e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(dir.Path));
        Assert.Contains("the file is missing", e.Message);
    }

    [Theory]
    [InlineData("truncated", "the manifest is not valid JSON")]
    [InlineData("format", "'format' is 'other'; expected 'vae-checkpoint'")]
    [InlineData("version", "format version 2; this library reads version 1")]
    [InlineData("missing epoch", "the manifest lacks 'epoch'")]
    [InlineData("traversal", "it must be a plain file name")]
    [InlineData("bad sha", "must be 64 lower-case hexadecimal digits")]
    [InlineData("word index", "'rng.wordIndex' is 4")]
    [InlineData("progress", "'progress' is inconsistent")]
    [InlineData("unlisted", "the tensors do not match the manifest's parameters")]
    public void A_tampered_manifest_is_refused_with_a_message_naming_it(string tampering, string expected)
    {
        using var dir = new TempDirectory();
        var a = new Trained(11);
        Checkpoint.Save(dir.Path, a.Parameters, Config, optimizer: a.Optimizer.GetState(), rng: a.Rng.GetState());
        string manifest = Path.Combine(dir.Path, Checkpoint.ManifestFileName);
        string text = File.ReadAllText(manifest);
        string firstName = a.Parameters[0].Name;
        text = tampering switch
        {
            "truncated" => text[..(text.Length / 2)],
            "format" => text.Replace("\"vae-checkpoint\"", "\"other\""),
            "version" => text.Replace("\"formatVersion\": 1", "\"formatVersion\": 2"),
            "missing epoch" => text.Replace("\"epoch\"", "\"epochs\""),
            "traversal" => text.Replace("\"weights-", "\"../weights-"),
            "bad sha" => text.Replace("\"sha256\": \"", "\"sha256\": \"X"),
            "word index" => text.Replace("\"wordIndex\": " + a.Rng.GetState().WordIndex, "\"wordIndex\": 4"),
            "progress" => text.Replace("\"rows\": 0", "\"rows\": 7"),
            "unlisted" => text.Replace($"\"{firstName}\",", ""),
            _ => throw new ArgumentOutOfRangeException(nameof(tampering)),
        };
        Assert.NotEqual(File.ReadAllText(manifest), text);
        File.WriteAllText(manifest, text);
        var e = Assert.Throws<CheckpointException>(() => Checkpoint.Load(dir.Path));
        Assert.Contains(expected, e.Message);
        Assert.Equal($"checkpoint '{e.FilePath}': {e.Detail}", e.Message);
    }

    [Fact]
    public void A_missing_checkpoint_is_a_file_not_found_naming_the_manifest()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(dir.Path));
        Assert.Contains(Path.Combine(dir.Path, Checkpoint.ManifestFileName), e.Message);
    }

    [Fact]
    public void Loading_into_a_model_of_another_shape_names_or_type_is_refused_and_changes_nothing()
    {
        using var dir = new TempDirectory();
        var a = new Trained(12);
        Checkpoint.Save(dir.Path, a.Parameters, Config);
        var c = Checkpoint.Load(dir.Path);

        var wider = new ParameterSet<float>(new Mlp<float>([3, 5, 2], Activations.Tanh, Rng.Create(1)));
        uint[] before = Bits(wider.Tensors);
        var e = Assert.Throws<CheckpointException>(() => c.LoadParameters(wider));
        Assert.Contains("tensor shape mismatch: '0.weight' is [3, 4] in the checkpoint but [3, 5] in the model", e.Message);
        Assert.Equal(c.WeightsPath, e.FilePath);
        Assert.Equal(before, Bits(wider.Tensors));

        var renamed = new ParameterSet<float>().Add("net", new Mlp<float>([3, 4, 2], Activations.Tanh, Rng.Create(1)));
        e = Assert.Throws<CheckpointException>(() => c.LoadParameters(renamed));
        Assert.Contains("in the model but not the checkpoint: 'net.0.weight'", e.Message);
        Assert.Contains("in the checkpoint but not the model: '0.weight'", e.Message);

        var doubles = new ParameterSet<double>(new Mlp<double>([3, 4, 2], Activations.Tanh, Rng.Create(1)));
        e = Assert.Throws<CheckpointException>(() => c.LoadParameters(doubles));
        Assert.Contains("'0.weight' is F32 in the checkpoint but the model's elements are Double (F64)", e.Message);
    }

    [Fact]
    public void The_weights_file_is_a_plain_safetensors_file_of_the_parameters()
    {
        using var dir = new TempDirectory();
        var a = new Trained(13);
        Checkpoint.Save(dir.Path, a.Parameters, Config);
        var file = SafeTensors.Read(Checkpoint.Load(dir.Path).WeightsPath);
        Assert.Equal(a.Parameters.Select(p => (p.Name, p.Value.Shape.ToArray())), file.Tensors.Select(t => (t.Name, t.Shape.ToArray())));
        Assert.Equal(Checkpoint.CurrentLibraryVersion, file.Metadata["library"]);
        Assert.All(file.Tensors, t => Assert.Equal(SafeTensorsDType.F32, t.DType));
    }
}
