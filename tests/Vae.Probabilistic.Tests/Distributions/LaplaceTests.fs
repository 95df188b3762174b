module Vae.Probabilistic.Tests.Distributions.LaplaceTests

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

type private MathNetLaplace = MathNet.Numerics.Distributions.Laplace
type private MathNetNormal = MathNet.Numerics.Distributions.Normal

/// (μ, b) with μ on a grid of 0.01 in [−3, 3] and b = e^(s/10), s ∈ [−20, 20].
let private parameters =
    Gen.zip (Gen.choose (-300, 300)) (Gen.choose (-20, 20))
    |> Gen.map (fun (m, s) -> float m / 100.0, exp (float s / 10.0))

let private laplace (tape: Tape<float>) (mu: float) (b: float) = Laplace<float>(constant tape [| mu |], constant tape [| b |])

let private normal (tape: Tape<float>) (mu: float) (sigma: float) = Normal<float>(constant tape [| mu |], constant tape [| sigma |])

let private scalar (v: Var<float>) = (values v)[0]

/// ∫ f over [a, b] split at the kinks (the integrands below are smooth elsewhere).
let private integrateAcross (kinks: float list) (f: float -> float) (a: float) (b: float) =
    let points = a :: (kinks |> List.filter (fun k -> k > a && k < b) |> List.sort) @ [ b ]
    List.pairwise points |> List.sumBy (fun (lo, hi) -> integrate f lo hi)

[<Fact>]
let ``log-density matches MathNet`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters (Gen.choose (-500, 500)))) (fun ((mu, b), x) ->
        let x = float x / 100.0
        let tape = Tape<float>()
        let expected = MathNetLaplace.PDFLn(mu, b, x)
        let actual = scalar ((laplace tape mu b).LogProb(vector [| x |]))
        // A handful of double operations on numbers below 10³: 1e-12 relative.
        abs (actual - expected) < 1e-12 * (1.0 + abs expected))
    |> PropertyRunner.check 301UL 200

[<Fact>]
let ``density integrates to one and entropy equals minus the expected log-density`` () =
    for (mu, b) in [ (0.0, 1.0); (1.5, 0.3); (-2.0, 4.0) ] do
        let tape = Tape<float>()
        let d = laplace tape mu b
        let logp x = scalar (d.LogProb(vector [| x |]))
        let lo, hi = mu - 60.0 * b, mu + 60.0 * b // the tails beyond 60b weigh e^(−60) < 1e-26
        Assert.Equal(1.0, integrateAcross [ mu ] (fun x -> exp (logp x)) lo hi, 11)
        Assert.Equal(scalar (d.Entropy()), integrateAcross [ mu ] (fun x -> -exp (logp x) * logp x) lo hi, 10)
        Assert.Equal(mu, scalar d.Mean)
        Assert.Equal(2.0 * b * b, scalar d.Variance, 14)

[<Fact>]
let ``analytic KL between Laplaces matches quadrature, is non-negative and zero for identical arguments`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters parameters)) (fun ((m1, b1), (m2, b2)) ->
        let tape = Tape<float>()
        let p, q = laplace tape m1 b1, laplace tape m2 b2
        let kl = scalar (Kl<float>.Divergence(p, q))
        let self = scalar (Kl<float>.Divergence(p, laplace tape m1 b1))
        let logp x = MathNetLaplace.PDFLn(m1, b1, x)
        let logq x = MathNetLaplace.PDFLn(m2, b2, x)
        let quad = integrateAcross [ m1; m2 ] (fun x -> exp (logp x) * (logp x - logq x)) (m1 - 60.0 * b1) (m1 + 60.0 * b1)
        // Quadrature to ~1e-12 relative of an integrand of size KL + O(|log b|): 1e-9 is a safe margin.
        kl >= 0.0 && self = 0.0 && abs (kl - quad) < 1e-9 * (1.0 + quad))
    |> PropertyRunner.check 302UL 100

[<Fact>]
let ``analytic KL from a normal to a Laplace matches quadrature and is non-negative`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters parameters)) (fun ((m1, s1), (m2, b2)) ->
        let tape = Tape<float>()
        let kl = scalar (Kl<float>.Divergence(normal tape m1 s1, laplace tape m2 b2))
        let logp x = MathNetNormal.PDFLn(m1, s1, x)
        let logq x = MathNetLaplace.PDFLn(m2, b2, x)
        let quad = integrateAcross [ m2 ] (fun x -> exp (logp x) * (logp x - logq x)) (m1 - 15.0 * s1) (m1 + 15.0 * s1)
        kl >= 0.0 && abs (kl - quad) < 1e-9 * (1.0 + quad))
    |> PropertyRunner.check 303UL 100

[<Fact>]
let ``KL between near-identical Laplaces keeps its relative accuracy`` () =
    // KL(L(0, 1) ‖ L(δ, e^η)) = log(bq/bp) + δ/bq + (bp/bq) e^(−δ/bp) − 1 with δ = 1e-6, η = 2e-6,
    // from that definition in 50-digit arithmetic (mpmath): 2.4999975000020417e-12. In double the
    // definition itself cancels to nothing (it subtracts 1 from 1 + O(1e-6)); the stable form keeps
    // about 2ε/3e-6 ≈ 1e-10 relative accuracy.
    let tape = Tape<float>()
    let kl = scalar (Kl<float>.Divergence(laplace tape 0.0 1.0, laplace tape 1e-6 (exp 2e-6)))
    Assert.True(abs (kl - 2.4999975000020417e-12) < 1e-9 * 2.5e-12, sprintf "KL %.17g" kl)

[<Fact>]
let ``both KLs agree with seeded Monte Carlo estimates and sample moments match`` () =
    let tape = Tape<float>()
    let p, q, n0 = laplace tape 0.3 0.8, laplace tape -0.5 1.7, normal tape 0.2 0.6
    let draws = (p.Rsample(Rng.Create 7UL, 100000)).Value.ToArray()
    assertWithinFiveStandardErrors "KL(Laplace‖Laplace)" (scalar (Kl<float>.Divergence(p, q)))
        (draws |> Array.map (fun x -> MathNetLaplace.PDFLn(0.3, 0.8, x) - MathNetLaplace.PDFLn(-0.5, 1.7, x)))
    assertMomentsMatch draws 0.3 (2.0 * 0.8 * 0.8)
    let normalDraws = (n0.Rsample(Rng.Create 8UL, 100000)).Value.ToArray()
    assertWithinFiveStandardErrors "KL(Normal‖Laplace)" (scalar (Kl<float>.Divergence(n0, q)))
        (normalDraws |> Array.map (fun x -> MathNetNormal.PDFLn(0.2, 0.6, x) - MathNetLaplace.PDFLn(-0.5, 1.7, x)))

[<Fact>]
let ``rsample follows the inverse CDF and its gradients match finite differences`` () =
    // The empirical CDF at a few points matches MathNet's CDF within 5 binomial standard errors √(F(1 − F)/n).
    let tape = Tape<float>()
    let d = laplace tape 1.0 2.0
    let draws = (d.Rsample(Rng.Create 9UL, 40000)).Value.ToArray()
    for x in [ -4.0; -1.0; 0.5; 1.0; 2.0; 7.0 ] do
        let f = MathNetLaplace.CDF(1.0, 2.0, x)
        let frequency = draws |> Array.averageBy (fun v -> if v <= x then 1.0 else 0.0)
        Assert.True(abs (frequency - f) < 5.0 * sqrt (f * (1.0 - f) / 40000.0), sprintf "F(%g) = %g, frequency %g" x f frequency)
    let loc = vector [| 0.4; -1.2 |]
    let scale = vector [| 0.7; 1.9 |]
    assertGradientMatchesFiniteDifferences (fun p ->
        let x = Laplace<float>(p[0], p[1]).Rsample(Rng.Create 3UL)
        Ops.Sum(x * x)) [| loc; scale |]
    assertGradientMatchesFiniteDifferences (fun p ->
        let tape = p[0].Tape
        let d = Laplace<float>(p[0], p[1])
        Ops.Sum(d.LogProb(tape.Constant(vector [| 0.1; 0.3 |]))) + Ops.Sum(Kl<float>.Divergence(d, Laplace<float>(p[1], p[0])))) [| vector [| 0.4; 1.2 |]; scale |]
    assertGradientMatchesFiniteDifferences (fun p ->
        let tape = p[0].Tape
        Ops.Sum(Kl<float>.Divergence(Normal<float>(p[0], p[1]), Laplace<float>(tape.Constant(vector [| 0.5; -0.5 |]), tape.Constant(vector [| 1.3; 0.4 |]))))) [| loc; scale |]

[<Fact>]
let ``tiny and huge scales give finite values, finite gradients and the correct limits`` () =
    // float64: b = 1e-30 and 1e6; at x = μ, log p = −log 2b; one unit away it is −1/b − log 2b.
    let loc = vector [| 0.0; 0.0; 5.0 |]
    let scale = vector [| 1e-30; 1e-30; 1e6 |]
    let x = vector [| 0.0; 1.0; 5.0 |]
    let tape = Tape<float>()
    let d = Laplace<float>(tape.Constant loc, tape.Constant scale)
    let lp = values (d.LogProb x)
    Assert.Equal(-log 2e-30, lp[0], 12)
    Assert.True(abs (lp[1] / -1e30 - 1.0) < 1e-15, sprintf "%.17g" lp[1])
    Assert.Equal(-log 2e6, lp[2], 12)
    let g = gradients (fun p -> Ops.Sum(Laplace<float>(p[0], p[1]).LogProb(p[0].Tape.Constant(vector [| 0.0; 1e-30; 5.0 |])))) [| loc; scale |]
    assertFinite "log-density gradient" (Array.append g[0] g[1])
    // KL(N(μ, σ → 0) ‖ Laplace(m, b)) → log(2b/σ) − ½(1 + log 2π) + |μ − m|/b.
    let sigma, b, m = 1e-30, 1.5, 0.75
    let kl = scalar (Kl<float>.Divergence(normal tape 0.0 sigma, laplace tape m b))
    Assert.Equal(log (2.0 * b / sigma) - 0.5 * (1.0 + log (2.0 * Math.PI)) + m / b, kl, 10)
    let gk = gradients (fun p -> Ops.Sum(Kl<float>.Divergence(Normal<float>(p[0], p[1]), Laplace<float>(p[0].Tape.Constant(vector [| m |]), p[0].Tape.Constant(vector [| b |]))))) [| vector [| 0.0 |]; vector [| sigma |] |]
    assertFinite "KL gradient" (Array.append gk[0] gk[1])
    // float32: b = 1e-6 and 1e6.
    let tapeF = Tape<float32>()
    let f = Laplace<float32>(tapeF.Constant(Tensor<float32>.FromArray([| 0.0f; 0.0f |], 2)), tapeF.Constant(Tensor<float32>.FromArray([| 1e-6f; 1e6f |], 2)))
    let lpf = f.LogProb(Tensor<float32>.FromArray([| 1e-6f; 1.0f |], 2)).Value.ToArray()
    Assert.Equal(float32 (-1.0 - log 2e-6), lpf[0], 5)
    Assert.Equal(float32 (-1e-6 - log 2e6), lpf[1], 5)
    assertFiniteSingle "float entropy" (f.Entropy().Value.ToArray())

[<Fact>]
let ``a non-positive scale is refused with the parameter named`` () =
    let tape = Tape<float>()
    let e = Assert.Throws<ArgumentException>(fun () -> laplace tape 0.0 -1.0 |> ignore)
    Assert.Contains("scale", e.Message)
    Assert.Contains("> 0", e.Message)
    let e = Assert.Throws<ArgumentException>(fun () -> laplace tape nan 1.0 |> ignore)
    Assert.Contains("loc", e.Message)
    Assert.Contains("finite", e.Message)
