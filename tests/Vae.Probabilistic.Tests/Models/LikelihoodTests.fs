/// The continuous Bernoulli, Laplace and Student-t decoders: gradients of the ELBO and IWAE against
/// finite differences, densities at the decoder's outputs against MathNet and quadrature, parameters,
/// decoding, and short training runs on Breast Cancer and the digits.
module Vae.Probabilistic.Tests.Models.LikelihoodTests

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
open Vae.Probabilistic.Tests.ModelGradients
open Vae.Probabilistic.Tests.ModelReference
open Vae.Probabilistic.Tests.Numerics

type private MathNetLaplace = MathNet.Numerics.Distributions.Laplace
type private MathNetStudentT = MathNet.Numerics.Distributions.StudentT

let private tinyOptions likelihood =
    VaeOptions<float>(InputSize = 3, LatentSize = 2, HiddenSizes = [| 4 |], Activation = Func<_, _>(Ops.Tanh), Likelihood = likelihood)

let private uniform (rows: int) (columns: int) (seed: uint64) =
    let x = Tensor<float>.Zeros(rows, columns)
    (Rng.Create seed).FillUniform(x.Span)
    x

let private normalCodes (rows: int) (seed: uint64) =
    let z = Tensor<float>.Zeros(rows, 2)
    (Rng.Create seed).FillNormal(z.Span)
    z

/// The values given to learned parameters before a check, so that a per-feature parameter read for
/// the wrong feature, or not at all, changes the result: log σ (or log b) per feature, and log ν with
/// ν = 2, 7 and 40 (40 is past the Student-t's asymptotic cut-off ν = 34 in double).
let private logScales = [| 0.2; -0.3; 0.5 |]
let private logDfs = [| log 2.0; log 7.0; log 40.0 |]

let private setLearned (model: Vae<float>) =
    let parameters = ParameterSet<float>(model)
    if parameters.Contains "likelihood.logscale" then fill parameters["likelihood.logscale"] logScales
    if parameters.Contains "likelihood.logdf" then fill parameters["likelihood.logdf"] logDfs

/// log ∫₀¹ e^(ℓt) dt by quadrature, as e^(ℓ⁺) ∫₀¹ e^(ℓt − ℓ⁺) dt to stay in range.
let private continuousBernoulliLogPartition l =
    let shift = max l 0.0
    shift + log (integrate (fun t -> exp (l * t - shift)) 0.0 1.0)

/// Each configuration of the three families with its log-density at a data value x, from the decoder
/// outputs of one row and the feature index j, computed independently of the library.
let private configurations () : (string * ILikelihood<float> * (float[] -> int -> float -> float)) list =
    [ "ContinuousBernoulli", ContinuousBernoulliLikelihood<float>(),
      (fun out j x -> out[j] * x - continuousBernoulliLogPartition out[j])
      "Laplace, fixed scale", LaplaceLikelihood<float>.Fixed 0.6, (fun out j x -> MathNetLaplace.PDFLn(out[j], 0.6, x))
      "Laplace, learned scale", LaplaceLikelihood<float>.Learned 3, (fun out j x -> MathNetLaplace.PDFLn(out[j], exp logScales[j], x))
      "Laplace, predicted scale", LaplaceLikelihood<float>.Predicted(), (fun out j x -> MathNetLaplace.PDFLn(out[j], exp out[3 + j], x))
      "StudentT, fixed df", StudentTLikelihood<float>.FixedDf(3, 4.5),
      (fun out j x -> MathNetStudentT.PDFLn(out[j], exp logScales[j], 4.5, x))
      "StudentT, learned df", StudentTLikelihood<float>.LearnedDf 3,
      (fun out j x -> MathNetStudentT.PDFLn(out[j], exp logScales[j], exp logDfs[j], x)) ]

[<Fact>]
let ``ELBO and IWAE gradients match finite differences for each new likelihood`` () =
    // Data in [0, 1], the support of the continuous Bernoulli (the other families take any value).
    let x = uniform 5 3 1UL
    for _, likelihood, _ in configurations () do
        let model = Vae<float>(tinyOptions likelihood, Rng.Create 2UL)
        setLearned model
        assertGradient model (fun t -> (Elbo.Evaluate(model, t.Constant x, Rng.Create 3UL)).Loss)
        assertGradient model (fun t -> -(Iwae.Bound(model, t.Constant x, Rng.Create 4UL, 3)))

[<Fact>]
let ``the log-density at the decoder's outputs is the family's own: MathNet for Laplace and Student-t, quadrature for CB`` () =
    let z = normalCodes 4 5UL
    // CB data in [0, 1] (its endpoints included); Laplace and Student-t data in [−3, 3].
    let unit = uniform 4 3 6UL
    unit[0, 0] <- 0.0
    unit[1, 1] <- 1.0
    let wide = Tensor<float>.FromArray(unit.ToArray() |> Array.map (fun v -> 6.0 * v - 3.0), 4, 3)
    for name, likelihood, reference in configurations () do
        let model = Vae<float>(tinyOptions likelihood, Rng.Create 7UL)
        setLearned model
        // Scale the last layer by 4 so that the outputs spread over a few units: CB logits on both
        // sides of its series cut-off 0.218, locations and predicted log-scales well away from 0.
        let last = model.Decoder.Layers[1].Weight
        fill last (last.ToArray() |> Array.map ((*) 4.0))
        let x = if name = "ContinuousBernoulli" then unit else wide
        let logp = model.Likelihood(Tape<float>().Constant z).LogProb(x).Value
        Assert.Equal<int[]>([| 4; 3 |], logp.Shape.ToArray())
        for i in 0 .. 3 do
            let outputs = decoder model tanh (Array.init 2 (fun k -> z[i, k]))
            for j in 0 .. 2 do
                let expected = reference outputs j x[i, j]
                // MathNet's log-densities subtract ln Γ values below 10² here (error ≈ 1e-14) and the
                // quadrature is to a relative 1e-12; 1e-10 is far below any wrong parameter or feature.
                Assert.True(abs (logp[i, j] - expected) <= 1e-10 * (1.0 + abs expected),
                            sprintf "%s, row %d feature %d: %.15g, expected %.15g" name i j logp[i, j] expected)

/// Asserts that the model's likelihood parameters are exactly (name, shape, values) as listed.
let private assertLikelihoodParameters (expected: (string * int[] * float[]) list) (model: Vae<float>) =
    let actual =
        [ for p in ParameterSet<float>(model) do
            if p.Name.StartsWith "likelihood." then yield p.Name, p.Value.Shape.ToArray(), p.Value.ToArray() ]
    Assert.True((actual = expected), sprintf "likelihood parameters %A, expected %A" actual expected)

[<Fact>]
let ``the likelihoods own the documented parameters with their initial values and size the decoder`` () =
    let make likelihood = Vae<float>(tinyOptions likelihood, Rng.Create 8UL)
    let outputWidth (model: Vae<float>) = model.Decoder.Layers[model.Decoder.Layers.Count - 1].OutputSize
    for likelihood in [ ContinuousBernoulliLikelihood<float>() :> ILikelihood<float>; LaplaceLikelihood<float>.Fixed 2.0 ] do
        let model = make likelihood
        assertLikelihoodParameters [] model
        Assert.Equal(3, outputWidth model)
    let predicted = make (LaplaceLikelihood<float>.Predicted())
    assertLikelihoodParameters [] predicted
    Assert.Equal(6, outputWidth predicted)
    let zeros = [| 0.0; 0.0; 0.0 |]
    assertLikelihoodParameters [ "likelihood.logscale", [| 3 |], zeros ] (make (LaplaceLikelihood<float>.Learned 3))
    let fixedDf = StudentTLikelihood<float>.FixedDf 3
    Assert.False(fixedDf.LearnsDf)
    assertLikelihoodParameters [ "likelihood.logscale", [| 3 |], zeros ] (make fixedDf)
    let learnedDf = StudentTLikelihood<float>.LearnedDf(3, 5.0)
    Assert.True(learnedDf.LearnsDf)
    let withDf = make learnedDf
    assertLikelihoodParameters [ "likelihood.logscale", [| 3 |], zeros; "likelihood.logdf", [| 3 |], Array.create 3 (log 5.0) ] withDf
    Assert.Equal(3, outputWidth withDf)

[<Fact>]
let ``invalid settings and decoder outputs that do not fit are refused, naming the likelihood`` () =
    for scale in [ 0.0; -1.0; nan; infinity ] do
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> LaplaceLikelihood<float>.Fixed scale |> ignore) |> ignore
    for df in [ 0.0; -3.0; nan; infinity ] do
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> StudentTLikelihood<float>.FixedDf(3, df) |> ignore) |> ignore
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> StudentTLikelihood<float>.LearnedDf(3, df) |> ignore) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> LaplaceLikelihood<float>.Learned 0 |> ignore) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> StudentTLikelihood<float>.FixedDf 0 |> ignore) |> ignore
    let output = Tape<float>().Constant(Tensor<float>.Zeros(2, 3))
    let refused (likelihood: ILikelihood<float>) name =
        let error = Assert.Throws<ArgumentException>(fun () -> likelihood.Create output |> ignore)
        Assert.Contains(name, error.Message)
        Assert.Contains("[2, 3]", error.Message)
    refused (LaplaceLikelihood<float>.Learned 4) "LaplaceLikelihood"
    refused (LaplaceLikelihood<float>.Predicted()) "LaplaceLikelihood"
    refused (StudentTLikelihood<float>.FixedDf 2) "StudentTLikelihood"
    refused (StudentTLikelihood<float>.LearnedDf 4) "StudentTLikelihood"

let private sigmoid l = 1.0 / (1.0 + exp -l)

[<Fact>]
let ``CB decoding: the mean is A′(ℓ) by quadrature, the mode is 1 or 0 by the logit's sign and ½ at logit 0`` () =
    let model = Vae<float>(tinyOptions (ContinuousBernoulliLikelihood()), Rng.Create 9UL)
    let last = model.Decoder.Layers[1]
    fill last.Weight (last.Weight.ToArray() |> Array.map ((*) 4.0))
    // Feature 0's logit is exactly 0 for every code: its weights and bias are zeroed.
    for h in 0 .. 3 do last.Weight[h, 0] <- 0.0
    (bias last)[0] <- 0.0
    let z = normalCodes 30 10UL
    let mean = Generation.Decode(model, z, Decoding.Mean)
    let mode = Generation.Decode(model, z, Decoding.Mode)
    let mutable signs = Set.empty
    for i in 0 .. 29 do
        let logits = decoder model tanh (Array.init 2 (fun k -> z[i, k]))
        for j in 0 .. 2 do
            let l = logits[j]
            let a = continuousBernoulliLogPartition l
            // E[x] = ∫₀¹ t e^(ℓt − A(ℓ)) dt, a quadrature to 1e-12 relative.
            let expected = integrate (fun t -> t * exp (l * t - a)) 0.0 1.0
            Assert.True(abs (mean[i, j] - expected) <= 1e-10, sprintf "mean at ℓ = %g: %.15g, expected %.15g" l mean[i, j] expected)
            Assert.Equal((if l > 0.0 then 1.0 elif l < 0.0 then 0.0 else 0.5), mode[i, j])
            // The shape parameter λ = σ(ℓ) is not the mean (except at ℓ = 0).
            if abs l > 0.5 && abs l < 20.0 then Assert.True(abs (mean[i, j] - sigmoid l) > 0.01, sprintf "ℓ = %g" l)
            signs <- signs.Add(sign l)
    Assert.Equal<Set<int>>(set [ -1; 0; 1 ], signs)

[<Fact>]
let ``Laplace and Student-t decoding: mean and mode are the decoder's location`` () =
    let z = normalCodes 6 11UL
    for likelihood in [ LaplaceLikelihood<float>.Fixed 0.5 :> ILikelihood<float>; LaplaceLikelihood<float>.Predicted()
                        StudentTLikelihood<float>.FixedDf 3; StudentTLikelihood<float>.LearnedDf 3 ] do
        let model = Vae<float>(tinyOptions likelihood, Rng.Create 12UL)
        setLearned model
        let mean = Generation.Decode(model, z, Decoding.Mean)
        let mode = Generation.Decode(model, z, Decoding.Mode)
        for i in 0 .. 5 do
            let outputs = decoder model tanh (Array.init 2 (fun k -> z[i, k]))
            for j in 0 .. 2 do
                // Sums of a few O(1) products: rounding near 1e-16.
                Assert.Equal(outputs[j], mode[i, j], 1e-12)
                Assert.Equal(outputs[j], mean[i, j], 1e-12)

[<Fact>]
let ``the mean decode and single imputation of a Student-t likelihood with df at most 1 are refused, pointing to the mode`` () =
    let z = normalCodes 2 13UL
    let cauchy = Vae<float>(tinyOptions (StudentTLikelihood<float>.FixedDf(3, 1.0)), Rng.Create 14UL)
    let error = Assert.Throws<InvalidOperationException>(fun () -> Generation.Decode(cauchy, z, Decoding.Mean) |> ignore)
    Assert.Contains("ν > 1", error.Message)
    Assert.Contains("Decoding.Mode", error.Message)
    // Single imputation averages E[x_mis | z]: refused for the same reason rather than returning NaN.
    let x = uniform 2 3 18UL
    let mask = Tensor<float>.FromArray([| 1.; 0.; 1.; 1.; 1.; 0. |], 2, 3)
    let error = Assert.Throws<InvalidOperationException>(fun () -> Imputation.Single(cauchy, x, mask, Rng.Create 19UL, 5) |> ignore)
    Assert.Contains("ν > 1", error.Message)
    let learned = Vae<float>(tinyOptions (StudentTLikelihood<float>.LearnedDf 3), Rng.Create 15UL)
    fill (ParameterSet<float>(learned)["likelihood.logdf"]) [| log 3.0; log 0.8; log 3.0 |]
    let error = Assert.Throws<InvalidOperationException>(fun () -> Generation.Decode(learned, z, Decoding.Mean) |> ignore)
    Assert.Contains("element 1", error.Message)
    // The mode (the location) is defined for every ν.
    let mode = Generation.Decode(learned, z, Decoding.Mode)
    decoder learned tanh (Array.init 2 (fun k -> z[0, k])) |> Array.iteri (fun j mu -> Assert.Equal(mu, mode[0, j], 1e-12))

[<Fact>]
let ``sampled decoding of a Student-t likelihood with a learned df has the t's mean and variance`` () =
    // ν = 10, σ = e^s per feature: Var = σ² ν/(ν − 2) and the excess kurtosis 6/(ν − 4) = 1 widens
    // the variance's error. The learned ν has no reparameterised sampler, so this goes through Sample.
    let model = Vae<float>(tinyOptions (StudentTLikelihood<float>.LearnedDf(3, 10.0)), Rng.Create 16UL)
    fill (ParameterSet<float>(model)["likelihood.logscale"]) logScales
    let code = [| 0.4; -0.7 |]
    let n = 4000
    let z = Tensor<float>.FromArray(Array.init n (fun _ -> code) |> Array.concat, n, 2)
    let draws = Generation.Decode(model, z, Decoding.Sample, Rng.Create 17UL)
    let mu = decoder model tanh code
    for j in 0 .. 2 do
        let values = Array.init n (fun i -> draws[i, j])
        let variance = exp (2.0 * logScales[j]) * 10.0 / 8.0
        let m = Array.average values
        let s2 = (values |> Array.sumBy (fun v -> (v - m) ** 2.0)) / float (n - 1)
        // 5 standard errors: sd(mean) = √(Var/n), sd(s²) ≈ Var·√((2 + κ)/(n − 1)).
        Assert.True(abs (m - mu[j]) <= 5.0 * sqrt (variance / float n), sprintf "feature %d: mean %g, expected %g" j m mu[j])
        Assert.True(abs (s2 - variance) <= 5.0 * variance * sqrt (3.0 / float (n - 1)), sprintf "feature %d: variance %g, expected %g" j s2 variance)

/// Trains a VAE with the given likelihood on standardised Breast Cancer (80% train) and returns the
/// test ELBO before and after, and the test log-density of the standard normal (no latent structure).
let private breastCancerRun (likelihood: ILikelihood<float32>) =
    let split = BreastCancer.Load<float32>().Split(0.2, 1UL)
    let standardizer = Standardizer.Fit split.Train
    let train, test = standardizer.Apply split.Train, (standardizer.Apply split.Test).Features
    let options = VaeOptions<float32>(InputSize = 30, LatentSize = 5, HiddenSizes = [| 32 |], Activation = Func<_, _>(Ops.Tanh), Likelihood = likelihood)
    let model = Vae<float32>(options, Rng.Create 101UL)
    let elbo () = (DatasetElbo.Evaluate(model, test, Rng.Create 7UL)).Elbo
    let before = elbo ()
    let loss = Func<Tape<float32>, Batch<float32>, Rng, Var<float32>>(fun t b rng -> (Elbo.Evaluate(model, t.Constant b.Features, rng)).Loss)
    Trainer.Fit(ParameterSet<float32>(model).Tensors, train, loss, TrainingOptions(Epochs = 100, BatchSize = 64, Seed = 201UL)) |> ignore
    let standardNormal =
        Seq.average (seq { for i in 0 .. test.Shape[0] - 1 -> Seq.sum (seq { for j in 0 .. 29 -> logNormal (float test[i, j]) 0.0 1.0 }) })
    before, elbo (), standardNormal

[<Fact>]
let ``Laplace and Student-t VAEs trained on standardised Breast Cancer improve the test ELBO well past the untrained model`` () =
    // Latent 5, tanh layers of 32, 100 epochs of Adam (1e-3, batches of 64) on 455 rows; test ELBO on
    // the other 114. Over data seeds 1..5 this gave (untrained → trained, nats per example):
    // Laplace (learned scale) −48.96…−50.43 → −25.65…−28.31, Student-t (ν = 3) −48.87…−50.10 →
    // −25.67…−28.30, Student-t (learned ν, ending at ν ≈ 4–6) → −24.91…−27.73: gains of 21–24 nats,
    // and 15–20 nats above the test log-density of the standard normal (−42.3…−46.6), which on
    // standardised data is the maximum-likelihood fully factorised Gaussian of the training set. The
    // thresholds (gain > 12, 8 above the standard normal) leave about 9 and 7 nats of margin, an order
    // of magnitude above the test ELBO's Monte Carlo noise (one draw per row, about 0.5 nats).
    for name, likelihood in [ "Laplace, learned scale", LaplaceLikelihood<float32>.Learned 30 :> ILikelihood<float32>
                              "StudentT, df 3", StudentTLikelihood<float32>.FixedDf 30
                              "StudentT, learned df", StudentTLikelihood<float32>.LearnedDf 30 ] do
        let before, after, standardNormal = breastCancerRun likelihood
        let report = sprintf "%s: test ELBO %.2f untrained, %.2f trained; standard normal %.2f" name before after standardNormal
        Assert.True(after > before + 12.0, report)
        Assert.True(after > standardNormal + 8.0, report)

[<Fact>]
let ``a CB-VAE on the digits has a finite test log-likelihood above the untrained model and mean decodes in [0, 1]`` () =
    let split = Digits.Load<float32>().Split(0.2, 1UL)
    let options = VaeOptions<float32>(InputSize = 64, LatentSize = 8, HiddenSizes = [| 64 |], Likelihood = ContinuousBernoulliLikelihood())
    let model = Vae<float32>(options, Rng.Create 2UL)
    let test = split.Test.Select([| 0 .. 99 |]).Features
    let estimate () = LogLikelihood.Estimate(model, test, Rng.Create 5UL, 500)
    let untrained = estimate ()
    let loss = Func<Tape<float32>, Batch<float32>, Rng, Var<float32>>(fun t b rng -> (Elbo.Evaluate(model, t.Constant b.Features, rng)).Loss)
    Trainer.Fit(ParameterSet<float32>(model).Tensors, split.Train, loss, TrainingOptions(Epochs = 10, BatchSize = 64, Seed = 3UL)) |> ignore
    let trained = estimate ()
    // An untrained decoder's logits are near 0, where the CB is the uniform density (log 1 = 0 per
    // pixel): measured 0.11 ± 0.01 nats. After 10 epochs: 74.5 ± 0.01 (a density on [0, 1]⁶⁴ may
    // exceed 1). The threshold 30 leaves 44 nats of margin; NaN or ±∞ anywhere fails.
    let report = sprintf "test log-likelihood (K = 500) %.3f ± %.3f untrained, %.3f ± %.3f trained" untrained.Mean untrained.StandardError trained.Mean trained.StandardError
    Assert.All(trained.PerExample, fun v -> Assert.True(Double.IsFinite v, report))
    Assert.True(Double.IsFinite trained.StandardError, report)
    Assert.True(abs untrained.Mean < 1.0, report)
    Assert.True(trained.Mean > untrained.Mean + 30.0, report)
    let generated = Generation.Generate(model, 200, Decoding.Mean, Rng.Create 9UL)
    let reconstructed = Generation.Reconstruct(model, test, Decoding.Mean)
    for decoded in [ generated; reconstructed ] do
        Assert.All(decoded.ToArray(), fun v -> Assert.InRange(v, 0.0f, 1.0f))
    // The mode decode is 0 or 1 (½ only where a logit is exactly 0).
    Assert.All(Generation.Reconstruct(model, test, Decoding.Mode).ToArray(), fun v -> Assert.True(v = 0.0f || v = 0.5f || v = 1.0f))
