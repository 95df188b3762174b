using System.Globalization;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Probabilistic.Models;

namespace Vae.Cli.Tests;

public class OutputTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    private static float[][] Rows(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(l => l.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    [Fact]
    public void Sample_writes_probabilities_under_the_column_names_and_is_reproducible_from_its_seed()
    {
        var a = CliRunner.Run("sample", "-c", run.Path, "-n", "5", "--seed", "4");
        Assert.Equal(0, a.ExitCode);
        Assert.StartsWith("x0,x1,x2,", a.Output);
        var rows = Rows(a.Output);
        Assert.Equal(5, rows.Length);
        Assert.All(rows, r => Assert.Equal(64, r.Length));
        Assert.All(rows.SelectMany(r => r), p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(a.Output, CliRunner.Run("sample", "-c", run.Path, "-n", "5", "--seed", "4").Output);
        Assert.NotEqual(a.Output, CliRunner.Run("sample", "-c", run.Path, "-n", "5", "--seed", "5").Output);
    }

    /// <summary>Reconstruction is decode(posterior mean): recomputed here from the checkpoint with the library, to the printed precision (float round-trip).</summary>
    [Fact]
    public void Reconstruct_writes_the_decoded_posterior_means_of_the_test_rows()
    {
        using var dir = new TempDirectory();
        string file = dir.File("rec.csv");
        var result = CliRunner.Run("reconstruct", "-c", run.Path, "--max-rows", "3", "--out", file);
        Assert.Equal(0, result.ExitCode);
        var rows = Rows(File.ReadAllText(file));

        var vae = new Vae<float>(new VaeOptions<float> { InputSize = 64, LatentSize = 2, HiddenSizes = [8] }, Rng.Create(1));
        Checkpoint.Load(run.Path).LoadParameters(new ParameterSet<float>(vae));
        var test = Digits.Load<float>().Split(0.2, 3).Test.Select([0, 1, 2]).Features;
        var tape = new Tape<float>();
        var expected = vae.Likelihood(vae.Posterior(tape.Constant(test), null).Mean).Mean.Value;
        Assert.Equal(expected.ToArray(), rows.SelectMany(r => r).ToArray());
    }
}
