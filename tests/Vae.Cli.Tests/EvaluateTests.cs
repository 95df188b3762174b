using System.Text.Json;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Probabilistic.Evaluation;
using Vae.Probabilistic.Models;
using Vae.Probabilistic.Objectives;

namespace Vae.Cli.Tests;

public class EvaluateTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    /// <summary>
    /// The reported numbers are exactly what the library computes from the checkpoint's weights on the
    /// re-made test split with <c>Rng.Create(seed)</c>: the ELBO first, then the K-sample estimate (359
    /// rows × 50 samples fit in one pass of 32768 decoded rows, so one Estimate call draws the same numbers).
    /// </summary>
    [Fact]
    public void Evaluate_reports_the_library_s_elbo_and_log_likelihood_of_the_checkpoint()
    {
        var result = CliRunner.Run("evaluate", "--checkpoint", run.Path, "--samples", "50", "--seed", "11", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(359, json.GetProperty("rows").GetInt32());
        Assert.Equal(2, json.GetProperty("epoch").GetInt32());
        Assert.Equal("vae", json.GetProperty("model").GetString());

        var vae = new Vae<float>(new VaeOptions<float> { InputSize = 64, LatentSize = 2, HiddenSizes = [8] }, Rng.Create(1));
        Checkpoint.Load(run.Path).LoadParameters(new ParameterSet<float>(vae));
        var test = Digits.Load<float>().Split(0.2, 3).Test.Features;
        var rng = Rng.Create(11);
        double elbo = Elbo.Evaluate(vae, new Tape<float>().Constant(test), rng).Elbo.Value.ToScalar();
        var estimate = LogLikelihood.Estimate(vae, test, rng, 50, null, 32768);
        Assert.Equal(elbo, json.GetProperty("elbo").GetDouble());
        Assert.Equal(estimate.PerExample.Sum() / 359, json.GetProperty("log_likelihood").GetDouble());
        Assert.Equal(Math.Sqrt(estimate.PerExampleStandardError.Sum(e => e * e)) / 359, json.GetProperty("log_likelihood_se").GetDouble());
    }

    [Fact]
    public void Evaluate_prints_aligned_lines_and_honours_max_rows_and_other_data()
    {
        var result = CliRunner.Run("evaluate", "-c", run.Path, "-k", "5", "--max-rows", "10");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("data            10 rows of the run's test split", result.Output);
        Assert.Matches(@"elbo\s+-\d+\.\d{4}", result.Output);
        Assert.Matches(@"log_likelihood\s+-\d+\.\d{4} ± \d+\.\d{4} \(K = 5\)", result.Output);

        var all = CliRunner.Run("evaluate", "-c", run.Path, "-k", "2", "--data", "digits", "--json");
        Assert.Equal(0, all.ExitCode);
        Assert.Equal(1797, JsonDocument.Parse(all.Output).RootElement.GetProperty("rows").GetInt32());
    }

    /// <summary>
    /// Active units (and the variance behind each) and the KL per dimension are the library's
    /// <see cref="ActiveUnits"/> and <see cref="PerDimensionKl"/> of the checkpoint on the test split,
    /// exactly (both deterministic); the KL's total is the sum of its dimensions.
    /// </summary>
    [Fact]
    public void Evaluate_reports_the_active_units_and_the_kl_of_each_latent_dimension()
    {
        var result = CliRunner.Run("evaluate", "-c", run.Path, "-k", "1", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Output).RootElement;
        var vae = new Vae<float>(new VaeOptions<float> { InputSize = 64, LatentSize = 2, HiddenSizes = [8] }, Rng.Create(1));
        Checkpoint.Load(run.Path).LoadParameters(new ParameterSet<float>(vae));
        var test = Digits.Load<float>().Split(0.2, 3).Test.Features;
        var active = ActiveUnits.Evaluate(vae, test);
        var kl = PerDimensionKl.Evaluate(vae, test);
        Assert.Equal(active.Count, json.GetProperty("active_units").GetInt32());
        Assert.Equal(active.Variances, json.GetProperty("active_units_per_dimension").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(kl, json.GetProperty("kl_per_dimension").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(kl.Sum(), json.GetProperty("kl").GetDouble());

        var text = CliRunner.Run("evaluate", "-c", run.Path, "-k", "1");
        Assert.Matches(@"active_units    \d  of 2 \(variance over rows of the posterior mean > 0\.01\); the variances: \d+\.\d{4} \d+\.\d{4}", text.Output);
        Assert.Matches(@"kl              \d+\.\d{4}  KL\(q\(z \| x\) ‖ p\(z\)\) averaged over rows; per dimension: \d+\.\d{4} \d+\.\d{4}", text.Output);

        var one = CliRunner.Run("evaluate", "-c", run.Path, "--max-rows", "1");
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("evaluating a VAE needs at least 2 rows (active units are a variance over rows); got 1.", one.Error);
    }
}
