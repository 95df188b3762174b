/// Dataset-level evaluation: the ELBO over a dataset, the per-dimension KL, active units, imputation
/// error and the mean-imputation baseline, each against a plain-array reference or hand arithmetic.
module Vae.Probabilistic.Tests.Evaluation.DiagnosticsTests

open System
open Xunit
open MathNet.Numerics.Statistics
open Vae.Core.Autodiff
open Vae.Core.Data
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Probabilistic.Evaluation
open Vae.Probabilistic.Models
open Vae.Probabilistic.Tests.ModelReference

let private uniform (rows: int) (columns: int) (seed: uint64) =
    let x = Tensor<float>.Zeros(rows, columns)
    (Rng.Create seed).FillUniform(x.Span)
    x

/// A conditional VAE whose encoder reads the mask: 4 features, 3 latent dimensions, 2 classes.
let private conditionalOptions likelihood =
    VaeOptions<float>(InputSize = 4, LatentSize = 3, HiddenSizes = [| 5 |], Activation = Func<_, _>(Ops.Tanh), Likelihood = likelihood,
                      ConditionSize = 2, EncoderSeesMask = true)

/// 7 rows with a few values missing (NaN), their mask, and one-hot classes.
let private incomplete () =
    let x = uniform 7 4 1UL
    let mask = Tensor<float>.FromArray([| 1.; 1.; 1.; 1.; 0.; 1.; 1.; 0.; 1.; 0.; 0.; 1.; 1.; 1.; 1.; 1.; 0.; 0.; 0.; 0.; 1.; 1.; 0.; 1.; 1.; 0.; 1.; 1. |], 7, 4)
    for i in 0 .. x.Size - 1 do if mask[i] = 0.0 then x[i] <- nan
    x, mask, OneHot.Encode<float>([| 0; 1; 1; 0; 1; 0; 0 |], 2)

/// The encoder's input row as the model builds it: [x ⊙ m | m | c] (missing values read as 0).
let private encoderInput (x: Tensor<float>) (mask: Tensor<float>) (c: Tensor<float>) i =
    Array.concat [ Array.init 4 (fun j -> if mask[i, j] = 1.0 then x[i, j] else 0.0); Array.init 4 (fun j -> mask[i, j]); Array.init 2 (fun j -> c[i, j]) ]

let private klTerm mu logVar = 0.5 * (mu ** 2.0 + exp logVar - 1.0 - logVar)

[<Fact>]
let ``the dataset ELBO in blocks equals the closed form of a near-deterministic posterior`` () =
    let model = Vae<float>(conditionalOptions (GaussianLikelihood<float>.Fixed 0.5), Rng.Create 2UL)
    // log σ² = −40 for every input: σ = e⁻²⁰ ≈ 2e-9, so the sampled z is μ to within 1e-8 and the
    // single-sample reconstruction term equals log p(x_obs | μ) to within |∂/∂z| · 1e-8 ≈ 1e-7 per row;
    // 1e-6 is above that and far below any real error (a wrong row, mask or block weight is O(0.1)).
    fill model.Encoder.LogVariance.Weight (Array.zeroCreate model.Encoder.LogVariance.Weight.Size)
    fill (bias model.Encoder.LogVariance) (Array.create 3 -40.0)
    let x, mask, c = incomplete ()
    let perRow =
        [ for i in 0 .. 6 ->
            let mu, logVar = encoder model tanh (encoderInput x mask c i)
            let mean = decoder model tanh (Array.append mu (Array.init 2 (fun j -> c[i, j])))
            let reconstruction = Seq.sum (seq { for j in 0 .. 3 do if mask[i, j] = 1.0 then logNormal x[i, j] mean[j] 0.5 })
            reconstruction, Array.map2 klTerm mu logVar |> Array.sum ]
    let reconstruction, kl = perRow |> List.averageBy fst, perRow |> List.averageBy snd
    for rowsPerPass in [ 1; 3; 7 ] do
        let summary = DatasetElbo.Evaluate(model, x, Rng.Create 3UL, mask, c, rowsPerPass = rowsPerPass)
        Assert.Equal(7, summary.Count)
        Assert.Equal(reconstruction, summary.Reconstruction, 1e-6)
        Assert.Equal(kl, summary.Kl, 1e-9)
        Assert.Equal(reconstruction - kl, summary.Elbo, 1e-6)

[<Fact>]
let ``the per-dimension KL is the dataset mean of the closed form and sums to the ELBO's KL`` () =
    let model = Vae<float>(conditionalOptions (BernoulliLikelihood()), Rng.Create 4UL)
    let x, mask, c = incomplete ()
    let expected =
        Array.init 3 (fun j ->
            [ for i in 0 .. 6 -> let mu, logVar = encoder model tanh (encoderInput x mask c i) in klTerm mu[j] logVar[j] ] |> List.average)
    let perDimension = PerDimensionKl.Evaluate(model, x, mask, c, rowsPerPass = 3)
    // KL values of order 0.1 from sums of a few O(1) terms: rounding is near 1e-16.
    Array.iteri (fun j e -> Assert.Equal(e, perDimension[j], 1e-12)) expected
    let summary = DatasetElbo.Evaluate(model, x, Rng.Create 5UL, mask, c)
    Assert.Equal(summary.Kl, Seq.sum perDimension, 1e-12)

[<Fact>]
let ``active units: heads made constant are inactive, a head scaled down falls under the threshold`` () =
    let options = VaeOptions<float>(InputSize = 5, LatentSize = 4, HiddenSizes = [| 6 |], Activation = Func<_, _>(Ops.Tanh))
    let model = Vae<float>(options, Rng.Create 6UL)
    let weight = model.Encoder.Loc.Weight
    // Column u of the μ head's weight [6, 4] drives unit u: units 1 and 3 get none (their posterior
    // mean is the bias whatever x), unit 2 a thousandth of its initial weight, unit 0 three times it.
    for i in 0 .. 5 do
        weight[i, 0] <- 3.0 * weight[i, 0]
        weight[i, 1] <- 0.0
        weight[i, 2] <- 1e-3 * weight[i, 2]
        weight[i, 3] <- 0.0
    fill (bias model.Encoder.Loc) [| 0.1; -0.4; 0.2; 0.7 |]
    let x = uniform 200 5 7UL
    let means = rows x |> Array.map (fun row -> fst (encoder model tanh row))
    let reference = Array.init 4 (fun u -> Statistics.Variance(means |> Array.map (fun m -> m[u])))
    let result = ActiveUnits.Evaluate(model, x, rowsPerPass = 64)
    // Welford's update against MathNet's two-pass variance of the same values: agreement to 1e-12 relative.
    Array.iteri (fun u v -> Assert.Equal(v, result.Variances[u], 1e-12 * (1.0 + v))) reference
    Assert.Equal(0.0, result.Variances[1])
    Assert.Equal(0.0, result.Variances[3])
    Assert.True(reference[0] > 0.01 && reference[2] > 0.0 && reference[2] < 0.01, sprintf "variances %A" reference)
    Assert.Equal(1, result.Count)
    Assert.Equal(0.01, result.Threshold)
    Assert.Equal(2, (ActiveUnits.Evaluate(model, x, threshold = 0.0)).Count)

[<Fact>]
let ``imputation error counts only the missing values`` () =
    // Missing: (0,1), (1,0), (1,1). Errors 2 − 0, 3 − 3, 4 − 1: MSE = (4 + 0 + 9) / 3 = 13/3. The observed
    // (0,0) is off by 99 and must not count.
    let imputed = Tensor<float>.FromArray([| 100.; 2.; 3.; 4. |], 2, 2)
    let truth = Tensor<float>.FromArray([| 1.; 0.; 3.; 1. |], 2, 2)
    let mask = Tensor<float>.FromArray([| 1.; 0.; 0.; 0. |], 2, 2)
    let score = ImputationError.Evaluate(imputed, truth, mask)
    Assert.Equal(3, score.MissingCells)
    Assert.Equal(13.0 / 3.0, score.MeanSquaredError, 15)
    Assert.Equal(sqrt (13.0 / 3.0), score.RootMeanSquaredError, 15)
    Assert.Throws<ArgumentException>(fun () -> ImputationError.Evaluate(imputed, truth, Tensor<float>.Full(mask.Shape, 1.0)) |> ignore) |> ignore

[<Fact>]
let ``mean imputation fills each missing value with its column's observed mean`` () =
    // Column 0 observes 1 and 3 (mean 2); column 1 observes 5 and 7 (mean 6).
    let x = Tensor<float>.FromArray([| 1.; nan; 3.; 5.; nan; 7. |], 3, 2)
    let mask = Tensor<float>.FromArray([| 1.; 0.; 1.; 1.; 0.; 1. |], 3, 2)
    Assert.Equal<float[]>([| 1.; 6.; 3.; 5.; 2.; 7. |], (MeanImputation.Impute(x, mask)).ToArray())
    Assert.Equal<float[]>([| 1.; -1.; 3.; 5.; 0.5; 7. |], (MeanImputation.Impute(x, mask, [| 0.5; -1.0 |])).ToArray())
    Assert.Throws<ArgumentException>(fun () -> MeanImputation.Impute(x, mask, [| 0.5 |]) |> ignore) |> ignore
