module Vae.Probabilistic.Tests.Distributions.CategoricalTests

open System
open Xunit
open FsCheck.FSharp
open Vae.Core.Autodiff
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Probabilistic.Distributions
open Vae.Probabilistic.Divergences
open Vae.Probabilistic.Tests
open Vae.Probabilistic.Tests.Numerics
open Vae.Probabilistic.Tests.Distributions.FamilyChecks

type private MathNetCategorical = MathNet.Numerics.Distributions.Categorical

/// Logits for 2 to 6 classes on a grid of 0.01 in [−8, 8].
let private logits =
    Gen.choose (2, 6) |> Gen.bind (fun k -> Gen.arrayOfLength k (Gen.choose (-800, 800) |> Gen.map (fun v -> float v / 100.0)))

let private categorical (tape: Tape<float>) (l: float[]) = Categorical<float>(constant tape l)

let private logProb (d: Categorical<float>) (k: int) = (values (d.LogProb(Tensor<float>.Scalar(float k))))[0]

let private scalar (v: Var<float>) = (values v)[0]

[<Fact>]
let ``log-mass matches MathNet and sums to one`` () =
    Prop.forAll (Arb.fromGen logits) (fun l ->
        let tape = Tape<float>()
        let d = categorical tape l
        // MathNet normalises exp(ℓ) directly (no overflow for |ℓ| ≤ 8): both agree to a few ulps of log p.
        let agree = [ 0 .. l.Length - 1 ] |> List.forall (fun k ->
            abs (logProb d k - MathNetCategorical.PMFLn(Array.map exp l, k)) < 1e-13)
        let total = [ 0 .. l.Length - 1 ] |> List.sumBy (fun k -> exp (logProb d k))
        agree && abs (total - 1.0) < 1e-14 && d.BatchShape = Shape.Scalar)
    |> PropertyRunner.check 401UL 200

[<Fact>]
let ``entropy, mean and variance match enumeration`` () =
    Prop.forAll (Arb.fromGen logits) (fun l ->
        let tape = Tape<float>()
        let d = categorical tape l
        let p = Array.init l.Length (fun k -> exp (logProb d k))
        let entropy = -(Array.init l.Length (fun k -> p[k] * logProb d k) |> Array.sum)
        let mean = Array.init l.Length (fun k -> float k * p[k]) |> Array.sum
        let variance = Array.init l.Length (fun k -> (float k - mean) ** 2.0 * p[k]) |> Array.sum
        abs (scalar (d.Entropy()) - entropy) < 1e-13 && abs (scalar d.Mean - mean) < 1e-13
        && abs (scalar d.Variance - variance) < 1e-13)
    |> PropertyRunner.check 402UL 200

[<Fact>]
let ``analytic KL matches enumeration, is non-negative and zero for identical arguments`` () =
    let pairs = logits |> Gen.bind (fun l -> Gen.arrayOfLength l.Length (Gen.choose (-800, 800) |> Gen.map (fun v -> float v / 100.0)) |> Gen.map (fun m -> l, m))
    Prop.forAll (Arb.fromGen pairs) (fun (lp, lq) ->
        let tape = Tape<float>()
        let p, q = categorical tape lp, categorical tape lq
        let kl = scalar (Kl<float>.Divergence(p, q))
        let self = scalar (Kl<float>.Divergence(p, categorical tape lp))
        let exact = [ 0 .. lp.Length - 1 ] |> List.sumBy (fun k -> exp (logProb p k) * (logProb p k - logProb q k))
        kl >= 0.0 && self = 0.0 && abs (kl - exact) < 1e-13 * (1.0 + exact))
    |> PropertyRunner.check 403UL 200

[<Fact>]
let ``KL agrees with a seeded Monte Carlo estimate and samples follow the probabilities`` () =
    let tape = Tape<float>()
    let lp, lq = [| 0.3; -1.0; 2.0; 0.0 |], [| 1.0; 1.0; -0.5; 0.2 |]
    let p, q = categorical tape lp, categorical tape lq
    let n = 100000
    let rng = Rng.Create 13UL
    let draws = Array.init n (fun _ -> (p.Sample rng).[0])
    assertWithinFiveStandardErrors "KL(Categorical‖Categorical)" (scalar (Kl<float>.Divergence(p, q)))
        (let ratio = Array.init 4 (fun k -> logProb p k - logProb q k) in draws |> Array.map (fun x -> ratio[int x]))
    for k in 0 .. 3 do
        // Each class frequency within 5 binomial standard errors √(p(1 − p)/n).
        let pk = exp (logProb p k)
        let frequency = draws |> Array.averageBy (fun x -> if int x = k then 1.0 else 0.0)
        Assert.True(abs (frequency - pk) < 5.0 * sqrt (pk * (1.0 - pk) / float n), sprintf "class %d: %g vs %g" k frequency pk)
    assertMomentsMatch draws (scalar p.Mean) (scalar p.Variance)
    Assert.Equal<float[]>([| 2.0 |], (p.Mode()).ToArray())

[<Fact>]
let ``batches and sample dimensions broadcast, and the gradient is one-hot minus softmax`` () =
    let l = Tensor<float>.FromArray([| 0.1; 0.2; 0.3; 3.0; -1.0; 0.0 |], 2, 3)
    let tape = Tape<float>()
    let d = Categorical<float>(tape.Constant l)
    Assert.Equal(Shape(2), d.BatchShape)
    let value = Tensor<float>.FromArray([| 2.0; 0.0; 1.0; 1.0; 0.0; 2.0 |], 3, 2)
    let lp = values (d.LogProb value)
    let row r k = Array.init 3 (fun j -> l[r * 3 + j]) |> fun ls -> MathNetCategorical.PMFLn(Array.map exp ls, k)
    Assert.Equal<float[]>([| row 0 2; row 1 0; row 0 1; row 1 1; row 0 0; row 1 2 |] |> Array.map (fun v -> Math.Round(v, 12)), lp |> Array.map (fun v -> Math.Round(v, 12)))
    let g = gradients (fun p -> Ops.Sum(Categorical<float>(p[0]).LogProb(p[0].Tape.Constant(Tensor<float>.FromArray([| 2.0; 0.0 |], 2))))) [| l |]
    let softmax r = let e = Array.init 3 (fun j -> exp l[r * 3 + j]) in e |> Array.map (fun v -> v / Array.sum e)
    let expected = Array.append (Array.mapi (fun j s -> (if j = 2 then 1.0 else 0.0) - s) (softmax 0)) (Array.mapi (fun j s -> (if j = 0 then 1.0 else 0.0) - s) (softmax 1))
    Array.iter2 (fun e a -> Assert.True(abs (e - a) < 1e-15)) expected g[0]
    assertGradientMatchesFiniteDifferences (fun p ->
        let d = Categorical<float>(p[0])
        let q = Categorical<float>(p[0].Tape.Constant(Tensor<float>.FromArray([| 1.0; 0.0; -1.0; 0.5; 0.5; 2.0 |], 2, 3)))
        Ops.Sum(d.Entropy()) + Ops.Sum(d.Variance) + Ops.Sum(Kl<float>.Divergence(d, q)) + Ops.Sum(Kl<float>.Divergence(q, d))) [| l |]

[<Fact>]
let ``impossible classes and extreme logits give finite values, finite gradients and the right limits`` () =
    let l = vector [| Double.NegativeInfinity; 0.0; 1e4; -1e4 |]
    let tape = Tape<float>()
    let d = Categorical<float>(tape.Constant l)
    Assert.Equal(Double.NegativeInfinity, logProb d 0)
    Assert.Equal(-1e4, logProb d 1)
    Assert.Equal(0.0, logProb d 2)
    Assert.Equal(-2e4, logProb d 3)
    Assert.Equal(0.0, scalar (d.Entropy()))
    Assert.Equal(2.0, scalar d.Mean)
    Assert.Equal(0.0, scalar d.Variance)
    let q = vector [| 0.0; 0.0; 0.0; 0.0 |]
    // KL(p‖uniform) = log 4 − H(p) = log 4 here; the impossible class contributes exactly 0.
    Assert.Equal(log 4.0, scalar (Kl<float>.Divergence(d, Categorical<float>(tape.Constant q))), 14)
    // p puts mass on a class that q makes impossible: KL = +∞.
    Assert.Equal(Double.PositiveInfinity, scalar (Kl<float>.Divergence(Categorical<float>(tape.Constant q), d)))
    let g = gradients (fun p ->
        let d = Categorical<float>(p[0])
        let other = Categorical<float>(p[0].Tape.Constant(vector [| 1.0; 2.0; 3.0; 4.0 |]))
        Ops.Sum(d.LogProb(p[0].Tape.Constant(vector [| 1.0; 2.0 |]))) + d.Entropy() + d.Variance + Kl<float>.Divergence(d, other)) [| l |]
    assertFinite "gradient" g[0]
    let tapeF = Tape<float32>()
    let f = Categorical<float32>(tapeF.Constant(Tensor<float32>.FromArray([| 1e4f; -1e4f; Single.NegativeInfinity |], 3)))
    Assert.Equal<float32[]>([| 0.0f; -2e4f |], f.LogProb(Tensor<float32>.FromArray([| 0.0f; 1.0f |], 2)).Value.ToArray())
    assertFiniteSingle "float entropy" (f.Entropy().Value.ToArray())

[<Fact>]
let ``a Masked categorical likelihood fills missing entries with a possible class`` () =
    // Probabilities (¼, ¼, ½): the mean index 1.25 is not a class, so it could not stand in for the
    // missing entry (LogProb refuses it); the mode, class 2, can. Log p(2) = log ½.
    let l = Tensor<float>.FromArray([| 0.0; 0.0; log 2.0; 0.0; 0.0; log 2.0 |], 2, 3)
    let mask = Tensor<float>.FromArray([| 1.0; 0.0 |], 2)
    let tape = Tape<float>()
    let d = Masked<float>(Categorical<float>(tape.Constant l), mask)
    Assert.Equal(1.25, (values (Categorical<float>(tape.Constant l)).Mean)[0], 15)
    Assert.Equal(-log 2.0, scalar (d.LogProb(vector [| 2.0; nan |])), 15)
    let g = gradients (fun p -> Masked<float>(Categorical<float>(p[0]), mask).LogProb(p[0].Tape.Constant(vector [| 2.0; nan |]))) [| l |]
    // Observed row: one-hot(2) − (¼, ¼, ½); missing row: exactly 0.
    Assert.Equal<float[]>([| -0.25; -0.25; 0.5; 0.0; 0.0; 0.0 |], g[0] |> Array.map (fun v -> Math.Round(v, 15)))

[<Fact>]
let ``invalid logits and values are refused with the parameter and the rule named`` () =
    let tape = Tape<float>()
    let e = Assert.Throws<ArgumentException>(fun () -> categorical tape [| 0.0; nan |] |> ignore)
    Assert.Contains("logits", e.Message)
    Assert.Contains("NaN", e.Message)
    let e = Assert.Throws<ArgumentException>(fun () -> categorical tape [| Double.NegativeInfinity; Double.NegativeInfinity |] |> ignore)
    Assert.Contains("logits", e.Message)
    Assert.Contains("all −∞", e.Message)
    let d = categorical tape [| 0.0; 1.0; 2.0 |]
    for bad in [ 3.0; -1.0; 0.5; nan ] do
        let e = Assert.Throws<ArgumentException>(fun () -> d.LogProb(vector [| bad |]) |> ignore)
        Assert.Contains("value", e.Message)
        Assert.Contains("0..2", e.Message)
