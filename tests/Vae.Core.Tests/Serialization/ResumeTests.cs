using System.Text.Json;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Serialization;
using Vae.Core.Tensors;
using Vae.Core.Tests.Data;
using Vae.Core.Training;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Core.Tests.Serialization;

/// <summary>
/// Training a tiny VAE, checkpointing it to disk and resuming in a fresh model gives bit-identical
/// parameters and epoch losses to a run that was never interrupted, at an epoch boundary or mid-epoch.
/// </summary>
public class ResumeTests
{
    private const int Features = 6, Latent = 2, Epochs = 4;
    private static readonly TrainingOptions Options = TrainingOptions.Default with { Epochs = Epochs, BatchSize = 16, LearningRate = 0.01, Seed = 5 };
    private static readonly JsonElement Config = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>
    /// q(z|x) = N(μ(x), diag exp(ℓ(x))) with a tanh trunk, p(x|z) Bernoulli with decoder logits; the
    /// loss is the negative single-sample ELBO, its reparameterisation noise drawn from the trainer's generator.
    /// </summary>
    private sealed class TinyVae
    {
        private readonly Mlp<float> body, decoder;
        private readonly Linear<float> loc, logVariance;

        public TinyVae(ulong seed)
        {
            var rng = Rng.Create(seed);
            body = new Mlp<float>([Features, 8], Activations.Tanh, rng);
            loc = new Linear<float>(8, Latent, rng);
            logVariance = new Linear<float>(8, Latent, rng);
            decoder = new Mlp<float>([Latent, 8, Features], Activations.Tanh, rng);
            Parameters = new ParameterSet<float>().Add("body", body).Add("loc", loc).Add("logvar", logVariance).Add("decoder", decoder);
        }

        public ParameterSet<float> Parameters { get; }

        public Var<float> Loss(Tape<float> tape, Batch<float> batch, Rng rng)
        {
            var x = tape.Constant(batch.Features);
            var h = Tanh(body.Forward(x));
            var mu = loc.Forward(h);
            var logVar = logVariance.Forward(h);
            var noise = new Tensor<float>(mu.Shape);
            rng.FillNormal(noise.Span, 0f, 1f);
            var z = mu + Exp(logVar * 0.5f) * tape.Constant(noise);
            var logits = decoder.Forward(z);
            var reconstruction = Sum(x * logits - Softplus(logits));
            var kl = Sum(Square(mu) + Exp(logVar) - logVar - 1f) * 0.5f;
            return (kl - reconstruction) / batch.Count;
        }
    }

    private static Dataset<float> Data()
    {
        var x = Tensor<float>.Zeros(50, Features);
        Rng.Create(99).FillUniform(x.Span);
        return new Dataset<float>(x);
    }

    private static uint[] Bits(ParameterSet<float> p) => p.Tensors.SelectMany(t => t.ToArray()).Select(BitConverter.SingleToUInt32Bits).ToArray();

    private static (uint[] Bits, IReadOnlyList<EpochReport> Reports) Uninterrupted()
    {
        var model = new TinyVae(1);
        var reports = Trainer.Fit(model.Parameters.Tensors, Data(), model.Loss, Options);
        return (Bits(model.Parameters), reports);
    }

    /// <summary>Loads <paramref name="directory"/> into a freshly initialised model (other seed) and a fresh trainer, and trains to the end.</summary>
    private static (uint[] Bits, IReadOnlyList<EpochReport> Reports) Resume(string directory)
    {
        var checkpoint = Checkpoint.Load(directory);
        var model = new TinyVae(2);
        checkpoint.LoadParameters(model.Parameters);
        var trainer = new Trainer<float>(model.Parameters.Tensors, Data(), model.Loss, Options);
        trainer.Optimizer.SetState(checkpoint.OptimizerStateFor(checkpoint.ParameterNames)!);
        trainer.Rng = Rng.FromState(checkpoint.Rng!);
        trainer.Progress = checkpoint.Progress;
        var reports = trainer.Fit();
        return (Bits(model.Parameters), reports);
    }

    private static void Save(string directory, TinyVae model, Trainer<float> trainer) =>
        Checkpoint.Save(directory, model.Parameters, Config, trainer.Progress, trainer.Optimizer.GetState(), trainer.Rng.GetState());

    [Fact]
    public void Resuming_from_an_epoch_boundary_checkpoint_is_bit_identical()
    {
        var (expected, expectedReports) = Uninterrupted();
        using var dir = new TempDirectory();
        var model = new TinyVae(1);
        var trainer = new Trainer<float>(model.Parameters.Tensors, Data(), model.Loss, Options with { Epochs = 2 });
        var first = trainer.Fit();
        Assert.Equal(TrainingProgress.AtEpoch(2), trainer.Progress);
        Save(dir.Path, model, trainer);

        var (resumed, reports) = Resume(dir.Path);
        Assert.Equal(expected, resumed);
        Assert.Equal(expectedReports.Select(r => (r.Epoch, r.Loss, r.Steps)), first.Concat(reports).Select(r => (r.Epoch, r.Loss, r.Steps)));
    }

    /// <summary>
    /// Cancelled after batch 2 of epoch 2 (of 4 batches: 50 rows by 16), the run stops after a whole
    /// step; the checkpoint resumes inside the epoch, and the epoch's reported loss is the uninterrupted one.
    /// </summary>
    [Fact]
    public void Resuming_from_a_mid_epoch_interruption_is_bit_identical_and_reports_the_same_epoch_losses()
    {
        var (expected, expectedReports) = Uninterrupted();
        using var dir = new TempDirectory();
        var model = new TinyVae(1);
        var trainer = new Trainer<float>(model.Parameters.Tensors, Data(), model.Loss, Options);
        using var cancel = new CancellationTokenSource();
        var reports = new List<EpochReport>();
        var seen = new List<TrainingProgress>();
        Assert.Throws<OperationCanceledException>(() => trainer.Fit(reports.Add, p =>
        {
            seen.Add(p);
            if (p is { Epoch: 1, Batch: 2 }) cancel.Cancel();
        }, cancel.Token));
        Assert.Equal([(0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 2)], seen.Select(p => (p.Epoch, p.Batch)));
        Assert.Equal(seen[^1], trainer.Progress);
        Assert.Equal(32, trainer.Progress.Rows);
        Assert.Equal(6, trainer.Optimizer.StepCount);
        Assert.Single(reports);
        Save(dir.Path, model, trainer);

        var (resumed, rest) = Resume(dir.Path);
        Assert.Equal(expected, resumed);
        Assert.Equal(expectedReports.Select(r => (r.Epoch, r.Loss, r.Steps)), reports.Concat(rest).Select(r => (r.Epoch, r.Loss, r.Steps)));
    }

    [Fact]
    public void An_invalid_resume_position_is_refused()
    {
        var model = new TinyVae(1);
        var trainer = new Trainer<float>(model.Parameters.Tensors, Data(), model.Loss, Options);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Progress = new TrainingProgress(0, 4, 1, 50));
        Assert.Contains("An epoch has 4 batches; cannot resume at batch 4", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Progress = new TrainingProgress(0, 0, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Progress = new TrainingProgress(0, 2, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Progress = new TrainingProgress(-1, 0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.EpochsCompleted = -1);
        trainer.Progress = new TrainingProgress(3, 2, 1, 32);
        trainer.EpochsCompleted = 1;
        Assert.Equal(TrainingProgress.AtEpoch(1), trainer.Progress);
    }
}
