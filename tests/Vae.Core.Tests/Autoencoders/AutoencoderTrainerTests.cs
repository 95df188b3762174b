using Vae.Core.Training;
using System.Runtime.InteropServices;
using Vae.Core.Autodiff;
using Vae.Core.Autoencoders;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autoencoders;

public class AutoencoderTrainerTests
{
    private static readonly Dataset<float> Data = Digits.Load<float>().Select(Enumerable.Range(0, 200).ToArray());

    private static DenoisingAutoencoder<float> Denoising(ulong seed)
    {
        var rng = Rng.Create(seed);
        var encoder = new DenseNetwork<float>([64, 16, 8], ActivationKind.Relu, ActivationKind.Sigmoid, rng);
        var decoder = new DenseNetwork<float>([8, 64], ActivationKind.Identity, ActivationKind.Identity, rng);
        return new DenoisingAutoencoder<float>(encoder, decoder, ReconstructionLoss.BernoulliCrossEntropy, Corruption.SaltAndPepper(0.2), 2);
    }

    private static byte[] Bytes(IAutoencoder<float> model) =>
        model.Parameters.SelectMany(p => MemoryMarshal.AsBytes(p.Value.ReadOnlySpan).ToArray()).ToArray();

    [Fact]
    public void RunsWithTheSameSeedAreBitIdentical()
    {
        // A stochastic objective (salt-and-pepper corruption) and shuffled batches: everything random
        // comes from the options' seed.
        var options = new TrainingOptions { Epochs = 3, BatchSize = 48, LearningRate = 1e-2, Seed = 7 };
        AutoencoderBase<float> a = Denoising(1), b = Denoising(1), c = Denoising(1);
        var historyA = AutoencoderTraining.Train(a, Data, options);
        var historyB = AutoencoderTraining.Train(b, Data, options);
        AutoencoderTraining.Train(c, Data, options with { Seed = 8 });
        Assert.Equal(historyA.Select(r => r.Loss), historyB.Select(r => r.Loss));
        Assert.Equal(Bytes(a), Bytes(b));
        Assert.NotEqual(Bytes(a), Bytes(c));
    }

    [Fact]
    public void WithoutShufflingTheSeedOnlyFeedsTheObjective()
    {
        // A plain autoencoder draws nothing, so without shuffling two seeds train identically; with
        // shuffling they visit the rows in different orders and end elsewhere.
        byte[] Trained(ulong seed, bool shuffle)
        {
            var model = Model("plain");
            AutoencoderTraining.Train(model, Data, new TrainingOptions { Epochs = 2, BatchSize = 40, LearningRate = 1e-2, Seed = seed, Shuffle = shuffle });
            return Bytes(model);
        }
        Assert.Equal(Trained(1, false), Trained(2, false));
        Assert.NotEqual(Trained(1, true), Trained(2, true));
    }

    [Fact]
    public void TheEpochObjectiveIsTheRowWeightedMeanOfTheBatchObjectives()
    {
        // With η = 0 Adam leaves the parameters unchanged, so each batch's objective is that of the same
        // model, and the row-weighted mean over batches of 64, 64, 64 and 8 rows equals the objective of
        // the whole data at once (the per-row mean squared error).
        var rng = Rng.Create(2);
        var model = new Autoencoder<float>(
            new DenseNetwork<float>([64, 8], ActivationKind.Identity, ActivationKind.Tanh, rng),
            new DenseNetwork<float>([8, 64], ActivationKind.Identity, ActivationKind.Identity, rng));
        var reports = new List<EpochReport>();
        var trainer = AutoencoderTraining.CreateTrainer(model, Data, new TrainingOptions { Epochs = 2, BatchSize = 64, LearningRate = 0, Seed = 3 });
        var history = trainer.Fit(reports.Add);
        Assert.Equal(history, reports);
        Assert.Equal([1, 2], history.Select(r => r.Epoch));
        Assert.Equal([4L, 8L], history.Select(r => r.Steps));
        Assert.Equal(2, trainer.EpochsCompleted);
        double whole = model.ReconstructionTerm(new Tape<float>().Constant(Data.Features)).Value.ToScalar();
        // float sums of about 64·200 terms: relative rounding of order 1e-6.
        Assert.Equal(whole, history[0].Loss, whole * 1e-5);
        Assert.Equal(history[0].Loss, history[1].Loss, whole * 1e-5);
    }

    public static TheoryData<string> Models => ["plain", "denoising", "contractive", "sparse"];

    private static IAutoencoder<float> Model(string name)
    {
        var rng = Rng.Create(4);
        var decoder = new DenseNetwork<float>([8, 32, 64], ActivationKind.Relu, ActivationKind.Identity, rng);
        var encoder = new DenseNetwork<float>([64, 32, 8], ActivationKind.Tanh, ActivationKind.Sigmoid, rng);
        return name switch
        {
            "plain" => new Autoencoder<float>(encoder, decoder),
            "denoising" => new DenoisingAutoencoder<float>(encoder, decoder, ReconstructionLoss.BernoulliCrossEntropy, Corruption.Masking(0.3), 3),
            "contractive" => new ContractiveAutoencoder<float>(encoder, decoder, ReconstructionLoss.SquaredError, 0.1),
            _ => new SparseAutoencoder<float>(encoder, decoder, ReconstructionLoss.SquaredError, SparsityPenalty.KlDivergence(0.1, 1)),
        };
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void AStepAllocatesNothingAfterWarmUp(string name)
    {
        var trainer = AutoencoderTraining.CreateTrainer(Model(name), Data, new TrainingOptions { BatchSize = 50, LearningRate = 1e-3 });
        var batch = Batch<float>.FromFeatures(Data.Select(Enumerable.Range(0, 50).ToArray()).Features);
        for (int i = 0; i < 20; i++) trainer.Step(batch);
        Assert.Equal(0, AllocationProbe.Quietest(() =>
        {
            for (int i = 0; i < 20; i++) trainer.Step(batch);
        }));
    }

    [Fact]
    public void InvalidInputsAreRejected()
    {
        var model = Model("plain");
        Assert.Throws<ArgumentException>(() => AutoencoderTraining.CreateTrainer(model, Missingness.Mcar(Data, 0.1, 1), new TrainingOptions()));
        Assert.Throws<ArgumentException>(() => AutoencoderTraining.CreateTrainer(model, new Dataset<float>(Tensor<float>.Zeros(10, 63)), new TrainingOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoencoderTraining.CreateTrainer(model, Data, new TrainingOptions { Epochs = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoencoderTraining.CreateTrainer(model, Data, new TrainingOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AutoencoderTraining.CreateTrainer(model, Data, new TrainingOptions { LearningRate = double.NaN }));
    }

    [Fact]
    public void ANonFiniteObjectiveStopsTrainingWithoutAnUpdate()
    {
        // A value near float.MaxValue squares to +∞ in the squared error.
        var model = Model("plain");
        var trainer = AutoencoderTraining.CreateTrainer(model, Data, new TrainingOptions { BatchSize = 2 });
        var before = Bytes(model);
        var batch = Tensor<float>.Zeros(2, 64);
        batch[5] = 1e30f;
        Assert.Throws<InvalidOperationException>(() => trainer.Step(Batch<float>.FromFeatures(batch)));
        Assert.Equal(before, Bytes(model));
        Assert.Equal(0, trainer.Optimizer.StepCount);
    }
}
