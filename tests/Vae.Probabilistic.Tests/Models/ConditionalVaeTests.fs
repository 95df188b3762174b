/// The conditional VAE (Sohn et al., 2015) on the embedded 8×8 digits: it generates the class it is
/// asked for, and its ELBO prefers the true label.
module Vae.Probabilistic.Tests.Models.ConditionalVaeTests

open System
open Xunit
open Vae.Core.Autodiff
open Vae.Core.Data
open Vae.Core.Nn
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Core.Training
open Vae.Probabilistic.Evaluation
open Vae.Probabilistic.Models
open Vae.Probabilistic.Objectives

/// Labels that must be present (the digits have them).
let private required (labels: Collections.Generic.IReadOnlyList<int> | null) =
    match labels with
    | null -> invalidArg "labels" "the data have no labels"
    | l -> l

/// An independent classifier: the nearest class mean (Euclidean) of the training images.
let private nearestMean (train: Dataset<float32>) =
    let d = train.Dimension
    let sums = Array2D.zeroCreate<float> 10 d
    let counts = Array.zeroCreate<int> 10
    for i in 0 .. train.Count - 1 do
        let c = (required train.Labels)[i]
        counts[c] <- counts[c] + 1
        for j in 0 .. d - 1 do sums[c, j] <- sums[c, j] + float train.Features[i, j]
    fun (x: Tensor<float32>) i ->
        [| 0 .. 9 |] |> Array.minBy (fun c -> Seq.sum (seq { for j in 0 .. d - 1 -> (float x[i, j] - sums[c, j] / float counts[c]) ** 2.0 }))

[<Fact>]
let ``a CVAE on digits generates the requested class and its ELBO prefers the true label`` () =
    let split = Digits.Load<float32>().Split(0.2, 1UL)
    let options = VaeOptions<float32>(InputSize = 64, LatentSize = 4, HiddenSizes = [| 128 |], ConditionSize = 10, Likelihood = BernoulliLikelihood())
    let model = Vae<float32>(options, Rng.Create 2UL)
    let loss = Func<Tape<float32>, Batch<float32>, Rng, Var<float32>>(fun t batch rng ->
        (Elbo.Evaluate(model.Given(OneHot.Encode(required batch.Labels, 10)), t.Constant batch.Features, rng)).Loss)
    Trainer.Fit(ParameterSet<float32>(model).Tensors, split.Train, loss, TrainingOptions(Epochs = 20, BatchSize = 64, Seed = 3UL)) |> ignore
    let classify = nearestMean split.Train
    let test = split.Test
    let testLabels = required test.Labels
    let realAccuracy = float (Seq.sum (seq { for i in 0 .. test.Count - 1 -> if classify test.Features i = testLabels[i] then 1 else 0 })) / float test.Count
    // 30 mean images per class from z ~ p(z). A generator that ignored the label would be recognised
    // as the requested class at the chance rate 1/10 (sd √(0.1·0.9/300) ≈ 0.017 over 300 images); the
    // classifier itself gets about 0.93 of real test digits right, so a working CVAE should come close
    // to that, and 0.8 leaves room for blurrier generated images.
    let perClass = 30
    let rng = Rng.Create 4UL
    let recognised =
        Seq.sum (seq {
            for c in 0 .. 9 do
                let images = Generation.GenerateClass(model, c, perClass, Decoding.Mean, rng)
                for i in 0 .. perClass - 1 do if classify images i = c then 1 else 0 })
    let generatedAccuracy = float recognised / float (10 * perClass)
    // The test ELBO given the true label against a wrong label drawn uniformly from the other nine,
    // with the same noise (paired) over 10 draws: the gap must exceed 0 by 3 standard errors of the
    // paired differences.
    let labelRng = Rng.Create 5UL
    let wrongLabels = testLabels |> Seq.map (fun l -> (l + 1 + labelRng.NextInt32 9) % 10) |> Array.ofSeq
    let truth, wrong = OneHot.Encode<float32>(testLabels, 10), OneHot.Encode<float32>(wrongLabels, 10)
    let gaps =
        Array.init 10 (fun s ->
            let elbo c = (DatasetElbo.Evaluate(model, test.Features, Rng.Create(100UL + uint64 s), conditions = c)).Elbo
            elbo truth - elbo wrong)
    let gap = Array.average gaps
    let gapSe = sqrt ((gaps |> Array.sumBy (fun g -> (g - gap) ** 2.0)) / 9.0 / 10.0)
    let report = sprintf "nearest-mean accuracy on real test digits %.3f; on generated digits %.3f (chance 0.100); ELBO gap true − wrong label %.2f ± %.2f nats"
                         realAccuracy generatedAccuracy gap gapSe
    Assert.True(realAccuracy > 0.85, report)
    Assert.True(generatedAccuracy >= 0.8, report)
    Assert.True(gap > 3.0 * gapSe && gap > 0.0, report)
