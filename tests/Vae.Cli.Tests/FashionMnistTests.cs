using System.Text.Json;
using Vae.Cli.Training;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Tests;

/// <summary>
/// <c>--data fashion-mnist:DIR</c> on a synthetic directory (random 28×28 images: 300 for training, 1100 for
/// testing, so the held-out ELBO takes a full 1024-row chunk and a shorter one). The CLI keeps these images
/// as bytes and converts them chunk by chunk; the checks recompute from the float dataset of
/// <see cref="FashionMnist.Load{T}"/>, each chunk on a fresh tape.
/// </summary>
public sealed class FashionMnistTests : IDisposable
{
    private const int TrainImages = 300, TestImages = 1100, Chunk = 1024;
    private readonly TempDirectory data = new();
    private readonly TempDirectory run = new();

    public FashionMnistTests()
    {
        var random = new System.Random(7);
        byte[] Labels(int n) => [.. Enumerable.Range(0, n).Select(_ => (byte)random.Next(10))];
        byte[] Images(int n)
        {
            var bytes = new byte[n * 784];
            random.NextBytes(bytes);
            return bytes;
        }
        IdxFile.Write(data.File("train-images-idx3-ubyte.gz"), [TrainImages, 28, 28], Images(TrainImages));
        IdxFile.Write(data.File("train-labels-idx1-ubyte.gz"), [TrainImages], Labels(TrainImages));
        IdxFile.Write(data.File("t10k-images-idx3-ubyte"), [TestImages, 28, 28], Images(TestImages));
        IdxFile.Write(data.File("t10k-labels-idx1-ubyte"), [TestImages], Labels(TestImages));
    }

    public void Dispose()
    {
        data.Dispose();
        run.Dispose();
    }

    private Vae<float> TrainedVae()
    {
        var vae = new Vae<float>(new VaeOptions<float> { InputSize = 784, LatentSize = 2, HiddenSizes = [8] }, Rng.Create(99));
        Checkpoint.Load(run.Path).LoadParameters(new ParameterSet<float>(vae));
        return vae;
    }

    [Fact]
    public void The_logged_test_elbo_is_that_of_the_saved_weights_on_the_float_test_set_in_1024_row_chunks()
    {
        var result = CliRunner.Run(["train", "--data", "fashion-mnist:" + data.Path, .. CliRunner.Tiny("--epochs", "2", "--out", run.Path)]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains($"{TrainImages} training and {TestImages} test rows of 784 features", result.Output);

        var vae = TrainedVae();
        var test = FashionMnist.Load<float>(data.Path, train: false);
        var rng = Rng.Create(Seeds.Derive(3, Seeds.Evaluation, 2));
        double total = 0;
        for (int start = 0; start < TestImages; start += Chunk)
        {
            int count = Math.Min(Chunk, TestImages - start);
            var chunk = test.Select([.. Enumerable.Range(start, count)]).Features;
            total += (double)Elbo.Evaluate(vae, new Tape<float>().Constant(chunk), rng).Elbo.Value.ToScalar() * count;
        }
        var last = JsonDocument.Parse(File.ReadAllLines(Path.Combine(run.Path, "metrics.jsonl"))[1]).RootElement;
        Assert.Equal(total / TestImages, last.GetProperty("test_elbo").GetDouble());

        // vae evaluate reads the first rows of the same test set.
        var evaluated = CliRunner.Run("evaluate", "-c", run.Path, "-k", "1", "--max-rows", "7", "--seed", "5", "--json");
        Assert.Equal(0, evaluated.ExitCode);
        var json = JsonDocument.Parse(evaluated.Output).RootElement;
        Assert.Equal(7, json.GetProperty("rows").GetInt32());
        var first = test.Select([.. Enumerable.Range(0, 7)]).Features;
        double elbo = Elbo.Evaluate(vae, new Tape<float>().Constant(first), Rng.Create(5)).Elbo.Value.ToScalar();
        Assert.Equal(elbo, json.GetProperty("elbo").GetDouble());
    }
}
