module Vae.Probabilistic.Tests.Distributions.NormalTests

open System
open Xunit
open FsCheck.FSharp
open Vae.Core.Autodiff
open Vae.Core.Randomness
open Vae.Probabilistic.Distributions
open Vae.Probabilistic.Divergences
open Vae.Probabilistic.Tests
open Vae.Probabilistic.Tests.Numerics

let private parameters =
    Gen.zip (Gen.choose (-300, 300)) (Gen.choose (-20, 20))
    |> Gen.map (fun (m, s) -> float m / 100.0, exp (float s / 10.0))

let private normal (tape: Tape<float>) (mu: float) (sigma: float) =
    Normal<float>(constant tape [| mu |], constant tape [| sigma |])

[<Fact>]
let ``log-density matches MathNet`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters (Gen.choose (-500, 500)))) (fun ((mu, sigma), x) ->
        let x = float x / 100.0
        let tape = Tape<float>()
        let expected = MathNet.Numerics.Distributions.Normal.PDFLn(mu, sigma, x)
        let actual = (values ((normal tape mu sigma).LogProb(vector [| x |])))[0]
        // Both are a handful of double operations on O(1) numbers: agreement to 1e-12 absolute.
        abs (actual - expected) < 1e-12 * (1.0 + abs expected))
    |> PropertyRunner.check 101UL 200

[<Fact>]
let ``density integrates to one and entropy equals minus the expected log-density`` () =
    for (mu, sigma) in [ (0.0, 1.0); (1.5, 0.3); (-2.0, 4.0) ] do
        let tape = Tape<float>()
        let d = normal tape mu sigma
        let logp x = (values (d.LogProb(vector [| x |])))[0]
        let a, b = mu - 12.0 * sigma, mu + 12.0 * sigma // tails beyond 12σ weigh < 1e-32
        Assert.Equal(1.0, integrate (fun x -> exp (logp x)) a b, 10)
        let entropy = (values (d.Entropy()))[0]
        Assert.Equal(entropy, integrate (fun x -> -exp (logp x) * logp x) a b, 9)

[<Fact>]
let ``analytic KL matches quadrature, is non-negative and zero for identical arguments`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters parameters)) (fun ((m1, s1), (m2, s2)) ->
        let tape = Tape<float>()
        let p, q = normal tape m1 s1, normal tape m2 s2
        let kl = (values (Kl<float>.Divergence(p, q)))[0]
        let self = (values (Kl<float>.Divergence(p, normal tape m1 s1)))[0]
        let logp x = MathNet.Numerics.Distributions.Normal.PDFLn(m1, s1, x)
        let logq x = MathNet.Numerics.Distributions.Normal.PDFLn(m2, s2, x)
        let quad = integrate (fun x -> exp (logp x) * (logp x - logq x)) (m1 - 15.0 * s1) (m1 + 15.0 * s1)
        // Quadrature to ~1e-12 relative; the integrand's scale is KL + O(1).
        kl >= 0.0 && self = 0.0 && abs (kl - quad) < 1e-8 * (1.0 + quad))
    |> PropertyRunner.check 102UL 100

[<Fact>]
let ``KL keeps full relative accuracy when q is a tiny perturbation of p`` () =
    // KL(N(0,1) ‖ N(0, e^δ)) = ½(e^{-2δ} − 1 + 2δ) = δ² − (2/3)δ³ + ... ; for δ = 1e-6 that is 1e-12·(1 − 6.7e-7).
    let tape = Tape<float>()
    let delta = 1e-6
    let kl = (values (Kl<float>.Divergence(normal tape 0.0 1.0, normal tape 0.0 (exp delta))))[0]
    let exact = delta * delta - 2.0 / 3.0 * delta ** 3.0 + delta ** 4.0 / 3.0
    Assert.True(abs (kl - exact) < 1e-9 * exact, sprintf "KL %g, exact %g" kl exact)

[<Fact>]
let ``KL agrees with a seeded Monte Carlo estimate within its standard error`` () =
    let tape = Tape<float>()
    let p, q = normal tape 0.3 0.8, normal tape -0.5 1.7
    let analytic = (values (Kl<float>.Divergence(p, q)))[0]
    let n = 200000
    let draws = (p.Rsample(Rng.Create 7UL, n)).Value.ToArray()
    let terms = draws |> Array.map (fun x ->
        MathNet.Numerics.Distributions.Normal.PDFLn(0.3, 0.8, x) - MathNet.Numerics.Distributions.Normal.PDFLn(-0.5, 1.7, x))
    let mean = Array.average terms
    let se = sqrt (Array.averageBy (fun t -> (t - mean) ** 2.0) terms / float n)
    // 5 standard errors: a false alarm has probability < 1e-6.
    Assert.True(abs (mean - analytic) < 5.0 * se, sprintf "MC %g ± %g vs analytic %g" mean se analytic)

[<Fact>]
let ``rsample gradients match finite differences`` () =
    // d/dμ Σ x and d/dlogσ² Σ x² for x = μ + exp(½ logσ²) ε, at fixed ε.
    let loc = vector [| 0.4; -1.2 |]
    let logVar = vector [| -0.3; 0.8 |]
    let f (p: Collections.Generic.IReadOnlyList<Var<float>>) =
        let x = Normal<float>.FromLogVariance(p[0], p[1]).Rsample(Rng.Create 3UL)
        Ops.Sum(x * x)
    let g = Grad.ValueAndGrad([| loc; logVar |], Func<_, _> f)
    let h = 1e-6
    for t, tensor in [ 0, loc; 1, logVar ] do
        for i in 0 .. 1 do
            let saved = tensor[i]
            tensor[i] <- saved + h
            let up = Grad.Value([| loc; logVar |], Func<_, _> f)
            tensor[i] <- saved - h
            let down = Grad.Value([| loc; logVar |], Func<_, _> f)
            tensor[i] <- saved
            let numeric = (up - down) / (2.0 * h)
            // Central differences: error ~1e-10 here (see GradientCheck in Vae.Core.Tests).
            Assert.True(abs (g.Gradients[t][i] - numeric) < 1e-6 * (1.0 + abs numeric))

[<Fact>]
let ``a non-positive scale is refused with the parameter named`` () =
    let tape = Tape<float>()
    let e = Assert.Throws<ArgumentException>(fun () -> normal tape 0.0 -1.0 |> ignore)
    Assert.Contains("scale", e.Message)
    Assert.Contains("> 0", e.Message)
