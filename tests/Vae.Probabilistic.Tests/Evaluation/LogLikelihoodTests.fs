/// The importance-sampled log-likelihood of a conditional model: each block of rows runs with its own
/// conditions, checked against per-block Given calls and against log p(x | c) by quadrature.
module Vae.Probabilistic.Tests.Evaluation.LogLikelihoodTests

open System
open Xunit
open Vae.Core.Autodiff
open Vae.Core.Data
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Probabilistic.Evaluation
open Vae.Probabilistic.Models
open Vae.Probabilistic.Objectives
open Vae.Probabilistic.Tests.ModelReference
open Vae.Probabilistic.Tests.Numerics

/// A CVAE with one latent dimension (so that log p(x | c) is a 1-D integral): 3 features, 2 classes,
/// x | z, c ~ N(decoder(z, c), 0.5²). The decoder's hidden unit 0 is set to read only the class,
/// tanh(±3) ≈ ±0.995, and to add it to every output, so the two classes' means differ by about 2 (4σ):
/// a row scored with the other row's class gets a very different log-likelihood.
let private tinyConditional () =
    let options = VaeOptions<float>(InputSize = 3, LatentSize = 1, HiddenSizes = [| 4 |], Activation = Func<_, _>(Ops.Tanh),
                                    Likelihood = GaussianLikelihood<float>.Fixed 0.5, ConditionSize = 2)
    let model = Vae<float>(options, Rng.Create 1UL)
    let first, last = model.Decoder.Layers[0], model.Decoder.Layers[1]
    first.Weight[0, 0] <- 0.0
    first.Weight[1, 0] <- 3.0
    first.Weight[2, 0] <- -3.0
    (bias first)[0] <- 0.0
    for j in 0 .. 2 do last.Weight[0, j] <- 1.0
    model

/// 5 rows with alternating classes, so that every block of 2 holds both; two entries missing (NaN).
let private rowsWithClasses () =
    let x = Tensor<float>.Zeros(5, 3)
    (Rng.Create 2UL).FillUniform(x.Span)
    let mask = Tensor<float>.Full(x.Shape, 1.0)
    for i, j in [ 1, 2; 4, 0 ] do
        mask[i, j] <- 0.0
        x[i, j] <- nan
    x, mask, OneHot.Encode<float>([| 0; 1; 0; 1; 1 |], 2)

let private row (t: Tensor<float>) i = Array.init t.Shape[1] (fun j -> t[i, j])

let private block (t: Tensor<float>) start count =
    Tensor<float>.FromArray(Array.init count (fun r -> row t (start + r)) |> Array.concat, count, t.Shape[1])

[<Fact>]
let ``the estimate binds each block's own conditions: it equals per-block Given calls with the same draws`` () =
    let model = tinyConditional ()
    let x, mask, c = rowsWithClasses ()
    let k = 50
    // rowsPerPass = 2K: blocks of 2 examples (rows 0–1, 2–3, 4), each scored in one pass of K samples.
    let estimate = LogLikelihood.Estimate(model, x, Rng.Create 3UL, k, mask, 2 * k, c)
    let rng = Rng.Create 3UL
    let direct =
        [| for start in 0 .. 2 .. 4 do
             let count = min 2 (5 - start)
             let xs = block x start count
             let ms = block mask start count
             for i in 0 .. xs.Size - 1 do if ms[i] = 0.0 then xs[i] <- 0.0
             let logWeights = Iwae.LogWeights(model.Given(block c start count), Tape<float>().Constant xs, rng, k, ms).Value
             for r in 0 .. count - 1 do
                 let w = Array.init k (fun s -> logWeights[s, r])
                 let top = Array.max w
                 yield top + log (Array.averageBy (fun v -> exp (v - top)) w) |]
    // The same draws in the same order, merged in double either way: only rounding differs.
    for i in 0 .. 4 do Assert.Equal(direct[i], estimate.PerExample[i], 1e-12)
    Assert.Equal(Array.average direct, estimate.Mean, 1e-12)

[<Fact>]
let ``the conditional estimate agrees with log p(x_obs | c) by quadrature over z, row by row`` () =
    let model = tinyConditional ()
    let x, mask, c = rowsWithClasses ()
    /// log ∫ N(z; 0, 1) Πⱼ N(xⱼ; decoder(z, c)ⱼ, 0.5²) dz over the observed j; |z| > 12 carries < e⁻⁷².
    let exact i label =
        let condition = Array.init 2 (fun j -> if j = label then 1.0 else 0.0)
        integrate (fun z ->
            let mean = decoder model tanh (Array.append [| z |] condition)
            let observed = Seq.sum (seq { for j in 0 .. 2 do if mask[i, j] = 1.0 then logNormal x[i, j] mean[j] 0.5 })
            exp (logNormal z 0.0 1.0 + observed)) -12.0 12.0
        |> log
    let labelOf i = if c[i, 0] = 1.0 then 0 else 1
    // K = 4000 in passes of 1000 (one example per pass, four passes merged).
    let estimate = LogLikelihood.Estimate(model, x, Rng.Create 4UL, 4000, mask, 1000, c)
    for i in 0 .. 4 do
        let truth = exact i (labelOf i)
        let se = estimate.PerExampleStandardError[i]
        // The estimator is log of a mean of K weights: Monte Carlo error with standard error se, and
        // a downward bias ≈ se²/2 (delta method); 4 se + se² covers both.
        Assert.True(abs (estimate.PerExample[i] - truth) <= 4.0 * se + se * se,
                    sprintf "row %d: estimate %.6f ± %.6f, quadrature %.6f" i estimate.PerExample[i] se truth)
        // The check has power: the other class's log-likelihood is many standard errors away.
        let other = exact i (1 - labelOf i)
        Assert.True(abs (other - truth) > 20.0 * se, sprintf "row %d: log p under the other class %.6f, true class %.6f, se %.6f" i other truth se)

[<Fact>]
let ``conditions are required exactly when the model reads them, with one row per data row`` () =
    let model = tinyConditional ()
    let x, mask, c = rowsWithClasses ()
    // Binding conditions once with Given is not enough: the estimate runs in blocks and needs them all.
    model.Given c |> ignore
    Assert.Throws<ArgumentNullException>(fun () -> LogLikelihood.Estimate(model, x, Rng.Create 5UL, 10, mask) |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> LogLikelihood.Estimate(model, x, Rng.Create 5UL, 10, mask, conditions = block c 0 4) |> ignore) |> ignore
    let plain = Vae<float>(VaeOptions<float>(InputSize = 3, LatentSize = 1, HiddenSizes = [| 4 |]), Rng.Create 6UL)
    Assert.Throws<ArgumentException>(fun () -> LogLikelihood.Estimate(plain, x, Rng.Create 5UL, 10, mask, conditions = c) |> ignore) |> ignore
