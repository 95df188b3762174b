module Vae.Probabilistic.Tests.Distributions.BernoulliTests

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

/// Logits on a grid of 0.01 in [−10, 10].
let private logit = Gen.choose (-1000, 1000) |> Gen.map (fun k -> float k / 100.0)

let private bernoulli (tape: Tape<float>) (l: float) = Bernoulli<float>(constant tape [| l |])

let private logProb (d: Distribution<float>) (x: float) = (values (d.LogProb(vector [| x |])))[0]

[<Fact>]
let ``log-mass matches MathNet and sums to one`` () =
    Prop.forAll (Arb.fromGen logit) (fun l ->
        let tape = Tape<float>()
        let d = bernoulli tape l
        let p = 1.0 / (1.0 + exp -l)
        let l0, l1 = logProb d 0.0, logProb d 1.0
        // MathNet takes log p and log(1 − p) of p = σ(ℓ) rounded to double, which has relative error
        // up to ε/(1 − p) ≤ 2.2e-16·e¹⁰ ≈ 5e-12 for |ℓ| ≤ 10: 1e-10 is comfortably above that.
        abs (l1 - MathNet.Numerics.Distributions.Bernoulli.PMFLn(p, 1)) < 1e-10
        && abs (l0 - MathNet.Numerics.Distributions.Bernoulli.PMFLn(p, 0)) < 1e-10
        && abs (exp l0 + exp l1 - 1.0) < 1e-15)
    |> PropertyRunner.check 201UL 200

[<Fact>]
let ``entropy, mean and variance match enumeration over the support`` () =
    for l in [ -7.5; -1.0; 0.0; 0.3; 4.0 ] do
        let tape = Tape<float>()
        let d = bernoulli tape l
        let p0, p1 = exp (logProb d 0.0), exp (logProb d 1.0)
        let entropy = -(p0 * logProb d 0.0 + p1 * logProb d 1.0)
        // σ(ℓ) and exp(−softplus(−ℓ)) are different roundings of the same number: a few ulps apart.
        Assert.True(abs (entropy - (values (d.Entropy()))[0]) < 1e-14)
        Assert.True(abs (p1 - (values d.Mean)[0]) < 1e-15)
        Assert.True(abs (p1 * p0 - (values d.Variance)[0]) < 1e-15)

[<Fact>]
let ``analytic KL matches enumeration, is non-negative and zero for identical arguments`` () =
    Prop.forAll (Arb.fromGen (Gen.zip logit logit)) (fun (lp, lq) ->
        let tape = Tape<float>()
        let p, q = bernoulli tape lp, bernoulli tape lq
        let kl = (values (Kl<float>.Divergence(p, q)))[0]
        let self = (values (Kl<float>.Divergence(p, bernoulli tape lp)))[0]
        let exact = [ 0.0; 1.0 ] |> List.sumBy (fun x -> exp (logProb p x) * (logProb p x - logProb q x))
        // Both sides are a few double operations on terms of size ≤ 20: 1e-13 absolute.
        kl >= 0.0 && self = 0.0 && abs (kl - exact) < 1e-13 * (1.0 + exact))
    |> PropertyRunner.check 202UL 200

[<Fact>]
let ``KL agrees with a seeded Monte Carlo estimate and sample moments match`` () =
    let tape = Tape<float>()
    let p, q = bernoulli tape 0.7, bernoulli tape -1.3
    let analytic = (values (Kl<float>.Divergence(p, q)))[0]
    let rng = Rng.Create 11UL
    let draws = Array.init 100000 (fun _ -> (p.Sample rng).[0])
    let ratio = [| logProb p 0.0 - logProb q 0.0; logProb p 1.0 - logProb q 1.0 |]
    assertWithinFiveStandardErrors "KL(Bernoulli‖Bernoulli)" analytic (draws |> Array.map (fun x -> ratio[int x]))
    assertMomentsMatch draws (values p.Mean).[0] (values p.Variance).[0]

[<Fact>]
let ``extreme logits give finite values, finite gradients and the right limits`` () =
    let logits = vector [| 1e4; -1e4; 0.0 |]
    let x = vector [| 1.0; 1.0; 0.0 |]
    let tape = Tape<float>()
    let d = Bernoulli<float>(tape.Constant logits)
    // log p(1 | 1e4) = −softplus(−1e4) = −e^(−1e4) (0 in double); log p(1 | −1e4) = −1e4; log p(0 | 0) = −log 2.
    Assert.Equal<float[]>([| 0.0; -1e4; -log 2.0 |], values (d.LogProb x))
    Assert.Equal<float[]>([| 0.0; 0.0; log 2.0 |], values (d.Entropy()))
    let g =
        gradients (fun p ->
            let d = Bernoulli<float>(p[0])
            let q = Bernoulli<float>(p[0].Tape.Constant(vector [| -1e4; 1e4; 3.0 |]))
            Ops.Sum(d.LogProb(p[0].Tape.Constant x)) + Ops.Sum(d.Entropy()) + Ops.Sum(Kl<float>.Divergence(d, q))) [| logits |]
    assertFinite "gradient" g[0]
    // Float: the same limits hold.
    let tapeF = Tape<float32>()
    let f = Bernoulli<float32>(tapeF.Constant(Tensor<float32>.FromArray([| 1e4f; -1e4f |], 2)))
    Assert.Equal<float32[]>([| 0.0f; -1e4f |], f.LogProb(Tensor<float32>.FromArray([| 1.0f; 1.0f |], 2)).Value.ToArray())

[<Fact>]
let ``NaN logits are refused with the parameter and the rule named`` () =
    let tape = Tape<float>()
    let e = Assert.Throws<ArgumentException>(fun () -> bernoulli tape nan |> ignore)
    Assert.Contains("logits", e.Message)
    Assert.Contains("NaN", e.Message)
