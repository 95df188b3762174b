/// Generation, decoding, reconstruction and interpolation, against a plain-array forward pass of the
/// networks (ModelReference) and against the moments of the distributions drawn from.
module Vae.Probabilistic.Tests.Models.GenerationTests

open System
open Xunit
open Vae.Core.Autodiff
open Vae.Core.Data
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Probabilistic.Models
open Vae.Probabilistic.Tests.ModelReference

let private options likelihood =
    VaeOptions<float>(InputSize = 5, LatentSize = 3, HiddenSizes = [| 6 |], Activation = Func<_, _>(Ops.Tanh), Likelihood = likelihood)

let private sigmoid l = 1.0 / (1.0 + exp -l)

/// n copies of one row.
let private repeat (row: float[]) n = Tensor<float>.FromArray(Array.init n (fun _ -> row) |> Array.concat, n, row.Length)

let private column (t: Tensor<float>) j = Array.init t.Shape[0] (fun i -> t[i, j])

/// Asserts that the sample mean and variance of `values` match (mean, variance) within 5 standard
/// errors: sd(mean) = √(variance / n) and, for a normal (or nearly normal) sample, sd(s²) ≈ variance·√(2/(n−1)).
/// For a non-normal sample `kurtosisExcess` widens the variance's error: sd(s²) ≈ variance·√((2 + κ)/(n−1)).
let private assertMoments (values: float[]) mean variance kurtosisExcess =
    let n = float values.Length
    let m = Array.average values
    let s2 = (values |> Array.sumBy (fun v -> (v - m) ** 2.0)) / (n - 1.0)
    Assert.True(abs (m - mean) <= 5.0 * sqrt (variance / n), sprintf "mean %g, expected %g" m mean)
    Assert.True(abs (s2 - variance) <= 5.0 * variance * sqrt ((2.0 + kurtosisExcess) / (n - 1.0)), sprintf "variance %g, expected %g" s2 variance)

[<Fact>]
let ``prior samples have the standard normal's mean, variance and zero covariance`` () =
    let model = Vae<float>(options (BernoulliLikelihood()), Rng.Create 1UL)
    let n = 20000
    let z = Generation.SamplePrior(model, n, Rng.Create 2UL)
    Assert.Equal<int[]>([| n; 3 |], z.Shape.ToArray())
    for j in 0 .. 2 do assertMoments (column z j) 0.0 1.0 0.0
    // The sample covariance of two independent standard normals has sd 1/√n.
    for j in 0 .. 2 do
        for k in j + 1 .. 2 do
            let c = Array.map2 (*) (column z j) (column z k) |> Array.average
            Assert.True(abs c <= 5.0 / sqrt (float n), sprintf "covariance (%d, %d) = %g" j k c)

[<Fact>]
let ``Bernoulli decoding: the mean is σ(logits) and the mode thresholds it at one half`` () =
    let model = Vae<float>(options (BernoulliLikelihood()), Rng.Create 3UL)
    // Codes spread wide enough that the logits take both signs.
    let z = Generation.SamplePrior(model, 40, Rng.Create 4UL)
    let mean = Generation.Decode(model, z, Decoding.Mean)
    let mode = Generation.Decode(model, z, Decoding.Mode)
    let mutable ones = 0
    rows z |> Array.iteri (fun i code ->
        let logits = decoder model tanh code
        for j in 0 .. 4 do
            // Probabilities in [0, 1] from sums of a few O(1) terms: rounding is near 1e-16, so 1e-12 is
            // far below any real error.
            Assert.Equal(sigmoid logits[j], mean[i, j], 1e-12)
            Assert.Equal((if logits[j] >= 0.0 then 1.0 else 0.0), mode[i, j])
            Assert.Equal((if mean[i, j] >= 0.5 then 1.0 else 0.0), mode[i, j])
            if mode[i, j] = 1.0 then ones <- ones + 1)
    Assert.InRange(ones, 1, 40 * 5 - 1)

[<Fact>]
let ``Gaussian decoding: mean and mode are μ(z) and draws have mean μ and variance σ²`` () =
    let model = Vae<float>(options (GaussianLikelihood<float>.Fixed 0.7), Rng.Create 5UL)
    let code = [| 0.4; -1.1; 0.9 |]
    let mu = decoder model tanh code
    let z = repeat code 1
    Assert.Equal<float[]>(Generation.Decode(model, z, Decoding.Mean).ToArray(), Generation.Decode(model, z, Decoding.Mode).ToArray())
    Array.iteri (fun j m -> Assert.Equal(m, Generation.Decode(model, z, Decoding.Mean)[0, j], 1e-12)) mu
    let draws = Generation.Decode(model, repeat code 4000, Decoding.Sample, Rng.Create 6UL)
    for j in 0 .. 4 do assertMoments (column draws j) mu[j] 0.49 0.0

[<Fact>]
let ``Bernoulli draws are 1 with probability σ(logit)`` () =
    let model = Vae<float>(options (BernoulliLikelihood()), Rng.Create 7UL)
    let code = [| -0.3; 0.8; 0.1 |]
    let p = decoder model tanh code |> Array.map sigmoid
    let n = 4000
    let draws = Generation.Decode(model, repeat code n, Decoding.Sample, Rng.Create 8UL)
    for j in 0 .. 4 do
        let values = column draws j
        Assert.All(values, fun v -> Assert.True((v = 0.0 || v = 1.0)))
        // Binomial count: 5 sd, sd = √(n p (1 − p)).
        let count = Array.sum values
        Assert.True(abs (count - float n * p[j]) <= 5.0 * sqrt (float n * p[j] * (1.0 - p[j])), sprintf "feature %d: %g ones, p = %g" j count p[j])

[<Fact>]
let ``reconstruction decodes the posterior mean of the zero-filled input and its mask`` () =
    let seesMask = VaeOptions<float>(InputSize = 5, LatentSize = 3, HiddenSizes = [| 6 |], Activation = Func<_, _>(Ops.Tanh),
                                     Likelihood = BernoulliLikelihood(), EncoderSeesMask = true)
    let model = Vae<float>(seesMask, Rng.Create 9UL)
    let x = Tensor<float>.FromArray([| 0.2; nan; 0.9; 0.4; nan; 1.0; 0.0; 0.3; nan; 0.6 |], 2, 5)
    let mask = Tensor<float>.FromArray(x.ToArray() |> Array.map (fun v -> if Double.IsNaN v then 0.0 else 1.0), 2, 5)
    let codes = Generation.Encode(model, x, mask)
    let reconstruction = Generation.Reconstruct(model, x, Decoding.Mean, mask = mask)
    for i in 0 .. 1 do
        let m = Array.init 5 (fun j -> mask[i, j])
        let input = Array.append (Array.init 5 (fun j -> if m[j] = 1.0 then x[i, j] else 0.0)) m
        let mu, _ = encoder model tanh input
        Array.iteri (fun j v -> Assert.Equal(v, codes[i, j], 1e-12)) mu
        decoder model tanh mu |> Array.iteri (fun j l -> Assert.Equal(sigmoid l, reconstruction[i, j], 1e-12))

/// A linear-Gaussian model built by hand: q(z | x) = N(0.3, 0.5²) whatever x, and
/// x | z ~ N(w z + b, σ²) with w = (2, −1), b = (0.5, 0), σ = 0.6 (identity activations).
let private linearModel () =
    let o = VaeOptions<float>(InputSize = 2, LatentSize = 1, HiddenSizes = [| 1 |], Activation = Func<_, _>(id),
                              Likelihood = GaussianLikelihood<float>.Fixed 0.6)
    let model = Vae<float>(o, Rng.Create 10UL)
    fill model.Encoder.Loc.Weight [| 0.0 |]
    fill (bias model.Encoder.Loc) [| 0.3 |]
    fill model.Encoder.LogVariance.Weight [| 0.0 |]
    fill (bias model.Encoder.LogVariance) [| log 0.25 |]
    fill model.Decoder.Layers[0].Weight [| 1.0 |]
    fill (bias model.Decoder.Layers[0]) [| 0.0 |]
    fill model.Decoder.Layers[1].Weight [| 2.0; -1.0 |]
    fill (bias model.Decoder.Layers[1]) [| 0.5; 0.0 |]
    model

[<Fact>]
let ``sampled reconstructions have the moments of w z + b (+ noise) with z drawn from the posterior`` () =
    let model = linearModel ()
    let n = 4000
    let x = repeat [| 1.0; -2.0 |] n
    let w, b = [| 2.0; -1.0 |], [| 0.5; 0.0 |]
    // E[w z + b] = 0.3 w + b, Var = 0.25 w²; a draw adds σ² = 0.36.
    let means = Generation.Reconstruct(model, x, Decoding.Mean, Rng.Create 11UL, sampleLatent = true)
    let draws = Generation.Reconstruct(model, x, Decoding.Sample, Rng.Create 12UL, sampleLatent = true)
    let deterministic = Generation.Reconstruct(model, repeat [| 1.0; -2.0 |] 1, Decoding.Mean)
    for j in 0 .. 1 do
        assertMoments (column means j) (0.3 * w[j] + b[j]) (0.25 * w[j] ** 2.0) 0.0
        assertMoments (column draws j) (0.3 * w[j] + b[j]) (0.25 * w[j] ** 2.0 + 0.36) 0.0
        Assert.Equal(0.3 * w[j] + b[j], deterministic[0, j], 15)

[<Fact>]
let ``interpolation decodes the straight line between two codes, end points exact`` () =
    let model = Vae<float>(options (BernoulliLikelihood()), Rng.Create 13UL)
    let a = Tensor<float>.FromArray([| 1.5; -0.2; 0.7 |], 3)
    let b = Tensor<float>.FromArray([| -0.5; 0.9; 0.1 |], 1, 3)
    let path = Generation.LatentPath(a, b, 5)
    Assert.Equal<int[]>([| 5; 3 |], path.Shape.ToArray())
    for j in 0 .. 2 do
        Assert.Equal(a[j], path[0, j])
        Assert.Equal(b[j], path[4, j])
        for i in 0 .. 4 do
            let t = float i / 4.0
            Assert.Equal((1.0 - t) * a[j] + t * b[j], path[i, j], 15)
    let decoded = Generation.Interpolate(model, a, b, 5, Decoding.Mean)
    rows path |> Array.iteri (fun i code ->
        decoder model tanh code |> Array.iteri (fun j l -> Assert.Equal(sigmoid l, decoded[i, j], 1e-12)))
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> Generation.LatentPath(a, b, 1) |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Generation.LatentPath(a, Tensor<float>.Zeros 2, 3) |> ignore) |> ignore

[<Fact>]
let ``class-conditional generation decodes prior draws with the chosen one-hot label`` () =
    let o = VaeOptions<float>(InputSize = 5, LatentSize = 3, HiddenSizes = [| 6 |], Activation = Func<_, _>(Ops.Tanh),
                              Likelihood = BernoulliLikelihood(), ConditionSize = 4)
    let model = Vae<float>(o, Rng.Create 14UL)
    let generated = Generation.GenerateClass(model, 2, 6, Decoding.Mean, Rng.Create 15UL)
    let codes = Generation.SamplePrior(model, 6, Rng.Create 15UL)
    rows codes |> Array.iteri (fun i code ->
        decoder model tanh (Array.append code [| 0.0; 0.0; 1.0; 0.0 |])
        |> Array.iteri (fun j l -> Assert.Equal(sigmoid l, generated[i, j], 1e-12)))
    // Another label changes the output: the condition is read.
    let other = Generation.GenerateClass(model, 3, 6, Decoding.Mean, Rng.Create 15UL)
    Assert.NotEqual<float[]>(generated.ToArray(), other.ToArray())

[<Fact>]
let ``misuse is refused: a sampled decode without a generator, missing or unexpected conditions, codes of the wrong width`` () =
    let plain = Vae<float>(options (BernoulliLikelihood()), Rng.Create 16UL)
    let conditional =
        Vae<float>(VaeOptions<float>(InputSize = 5, LatentSize = 3, HiddenSizes = [| 6 |], ConditionSize = 2), Rng.Create 17UL)
    let z = Tensor<float>.Zeros(4, 3)
    Assert.Throws<ArgumentNullException>(fun () -> Generation.Decode(plain, z, Decoding.Sample) |> ignore) |> ignore
    Assert.Throws<ArgumentNullException>(fun () -> Generation.Decode(conditional, z, Decoding.Mean) |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Generation.Decode(plain, z, Decoding.Mean, conditions = OneHot.Repeat<float>(0, 4, 2)) |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Generation.Decode(conditional, z, Decoding.Mean, conditions = OneHot.Repeat<float>(0, 3, 2)) |> ignore) |> ignore
    Assert.Throws<ArgumentException>(fun () -> Generation.Decode(plain, Tensor<float>.Zeros(4, 2), Decoding.Mean) |> ignore) |> ignore

/// An element-wise Gaussian wrapped in Independent over no dimensions: a family Decoding.Mode does not know.
type private WrappedGaussian() =
    interface ILikelihood<float> with
        member _.OutputsPerFeature = 1
        member _.Parameters = [||]
        member _.Create output =
            Vae.Probabilistic.Distributions.Independent<float>(Vae.Probabilistic.Distributions.Normal<float>(output, output.Tape.Constant(Tensor<float>.Scalar 1.0)), 0)

[<Fact>]
let ``mode decoding of a family without a known mode is refused naming it, while mean decoding works`` () =
    let model = Vae<float>(options (WrappedGaussian()), Rng.Create 18UL)
    let z = Tensor<float>.Zeros(2, 3)
    let error = Assert.Throws<NotSupportedException>(fun () -> Generation.Decode(model, z, Decoding.Mode) |> ignore)
    Assert.Contains("Independent", error.Message)
    let mean = Generation.Decode(model, z, Decoding.Mean)
    decoder model tanh [| 0.0; 0.0; 0.0 |] |> Array.iteri (fun j mu -> Assert.Equal(mu, mean[0, j], 1e-12))
