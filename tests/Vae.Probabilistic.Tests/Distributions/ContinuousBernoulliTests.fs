module Vae.Probabilistic.Tests.Distributions.ContinuousBernoulliTests

open System
open System.Numerics
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

/// An independent reference in 256-bit fixed point (about 77 decimal digits after the point), from
/// the power series of sinh and cosh, which have only positive terms, so nothing cancels:
/// with h = ℓ/2 and S = sinh h / h = Σ h²ᵏ/(2k + 1)!,
///   A(ℓ) = ℓ/2 + log S,
///   mean = ½ + ½(coth h − 1/h) = ½ + ½ h M / S with M = (h cosh h − sinh h)/h³ = Σₖ≥₁ 2k h²ᵏ⁻²/(2k + 1)!,
///   variance = (sinh² h − h²)/(4h² sinh² h) = V / (4S²) with V = Σₖ≥₂ 2²ᵏ⁻¹ h²ᵏ⁻⁴/(2k)!,
///   entropy = A − ℓ · mean;
/// log S = 2 atanh((S − 1)/(S + 1)) by its series. No Bernoulli number appears, unlike in the code under test.
module private Reference =
    let private bits = 256
    let private one = BigInteger.One <<< bits

    let private ofFloat (x: float) =
        if x = 0.0 then BigInteger.Zero
        else
            let e = Math.ILogB x
            let m = BigInteger(Math.ScaleB(x, 52 - e)) // an exact 53-bit integer
            let shift = bits + e - 52
            if shift >= 0 then m <<< shift else m / (BigInteger.One <<< -shift)

    let private big (n: int) = BigInteger n
    let private toFloat (x: BigInteger) = Math.ScaleB(float x, -bits)
    let private mul (a: BigInteger) (b: BigInteger) = (a * b) >>> bits
    let private div (a: BigInteger) (b: BigInteger) = (a <<< bits) / b

    /// Σₖ≥first c(k) h^(2k − offset) with the term ratio from k − 1 to k given as a rational function.
    let private series (first: BigInteger) (next: BigInteger -> int -> BigInteger) =
        let mutable term = first
        let mutable sum = BigInteger.Zero
        let mutable k = 0
        while not term.IsZero do
            sum <- sum + term
            k <- k + 1
            term <- next term k
        sum

    let private log1pSeries (y: BigInteger) =
        // log(1 + y) = 2 Σ w^(2j+1)/(2j + 1) with w = y/(2 + y).
        let w = div y (big 2 * one + y)
        let w2 = mul w w
        let mutable power = w
        let mutable sum = BigInteger.Zero
        let mutable j = 0
        while not power.IsZero do
            sum <- sum + power / big (2 * j + 1)
            power <- mul power w2
            j <- j + 1
        big 2 * sum

    /// (A, mean, variance, entropy) at the double ℓ.
    let evaluate (l: float) =
        let lf = ofFloat l
        let h = lf / BigInteger 2
        let h2 = mul h h
        // S − 1 = Σₖ≥₁ h²ᵏ/(2k + 1)!: first term h²/6, ratio h²/((2k + 2)(2k + 3)).
        let sMinusOne = series (h2 / BigInteger 6) (fun t k -> mul t h2 / BigInteger((2 * k + 2) * (2 * k + 3)))
        let s = one + sMinusOne
        // M = Σₖ≥₁ 2k h²ᵏ⁻²/(2k + 1)!: term k is 2k/(2k + 1)! h^(2k − 2); first 2/6.
        let m = series (div (big 2 * one) (big 6 * one)) (fun t k ->
            // t_k / t_(k−1) = (2k + 2)/(2k) · h² / ((2k + 2)(2k + 3)) = h² / (2k (2k + 3)).
            mul t h2 / BigInteger((2 * k) * (2 * k + 3)))
        // V = Σₖ≥₂ 2²ᵏ⁻¹ h²ᵏ⁻⁴/(2k)!: first 8/24; ratio 4h²/((2k + 3)(2k + 4)) from k + 1 to k + 2.
        let v = series (div (big 8 * one) (big 24 * one)) (fun t k -> mul t (big 4 * h2) / BigInteger((2 * k + 3) * (2 * k + 4)))
        let a = h + log1pSeries sMinusOne
        let mean = one / big 2 + div (mul h m) (big 2 * s)
        let variance = div v (big 4 * mul s s)
        toFloat a, toFloat mean, toFloat variance, toFloat (a - mul lf mean)

/// eˣ − 1 to a few ulps by Kahan's formula (u − 1)·x/log u with u = eˣ. (MathNet 5.0's Expm1 is off by
/// 5e-9 relative at x = −0.027.)
module private Expm1 =
    let expm1 (x: float) =
        let u = exp x
        if u = 1.0 then x elif u - 1.0 = -1.0 then -1.0 elif Double.IsPositiveInfinity u then u else (u - 1.0) * x / log u

/// ℓ on both sides of both cut-offs (1.36 in float, 0.218 in double) and across scales.
let private grid =
    [ 0.0; 1e-30; 1e-12; 1e-6; 1e-3; 0.05; 0.2; 0.2179; 0.2181; 0.3; 0.49; 0.51; 1.0; 1.35; 1.37; 2.0; 3.5 ]
    |> List.collect (fun l -> if l = 0.0 then [ l ] else [ l; -l ])

let private cb (tape: Tape<float>) (l: float) = ContinuousBernoulli<float>(constant tape [| l |])

let private scalar (v: Var<float>) = (values v)[0]

let private logProb (d: Distribution<float>) (x: float) = scalar (d.LogProb(vector [| x |]))

[<Fact>]
let ``log-partition, mean, variance and entropy match a 77-digit series evaluation`` () =
    let tape = Tape<float>()
    let d = ContinuousBernoulli<float>(tape.Constant(vector (Array.ofList grid)))
    let a, mean, variance, entropy = values d.LogPartition, values d.Mean, values d.Variance, values (d.Entropy())
    grid |> List.iteri (fun i l ->
        let ra, rm, rv, rh = Reference.evaluate l
        // Tolerances: the series are exact to double precision below the cut-off; above it the closed
        // forms lose at most log₂(24/0.218²) ≈ 9 bits (the variance; 3 for the others), so the
        // tolerances are a few ulps times those factors.
        Assert.True(abs (a[i] - ra) <= 4e-16 * (1.0 + abs ra), sprintf "A(%g) = %.17g, reference %.17g" l a[i] ra)
        Assert.True(abs (mean[i] - rm) <= 2e-15 * rm, sprintf "mean(%g) = %.17g, reference %.17g" l mean[i] rm)
        Assert.True(abs (variance[i] - rv) <= 1e-13 * rv, sprintf "variance(%g) = %.17g, reference %.17g" l variance[i] rv)
        Assert.True(abs (entropy[i] - rh) <= 1e-15, sprintf "entropy(%g) = %.17g, reference %.17g" l entropy[i] rh))

[<Fact>]
let ``the normaliser is the paper's closed form and the float path matches the reference`` () =
    let tape = Tape<float>()
    // log C(λ) = log(2 atanh(1 − 2λ)/(1 − 2λ)), evaluated directly in λ where it is well conditioned.
    for l in [ -5.0; -2.0; -0.5; 0.5; 1.0; 3.0; 5.0 ] do
        let lambda = 1.0 / (1.0 + exp -l)
        let direct = log (2.0 * Math.Atanh(1.0 - 2.0 * lambda) / (1.0 - 2.0 * lambda))
        // λ rounded to double perturbs 1 − 2λ by 2ε relative to |1 − 2λ| ≥ 0.24: 1e-14 covers it.
        Assert.True(abs (scalar (cb tape l).LogNormalizer - direct) < 1e-14, sprintf "log C at ℓ = %g" l)
    Assert.Equal(log 2.0, scalar (cb tape 0.0).LogNormalizer)
    // Float: a fine grid through both regimes, against the 77-digit reference. Below the float
    // cut-off c = (u/2.09e-9)^(1/11) = 1.356 the series is exact to working precision and its values
    // are O(1); above it each closed form adds a few terms, each rounded to half an ulp, so the error
    // is bounded by 4u times the sum of the terms' magnitudes (u = 2⁻²⁴), which is what is allowed.
    let u = 5.9604644775390625e-8
    let c = (u / 2.0877e-9) ** (1.0 / 11.0)
    let ls = Array.init 601 (fun k -> float32 (-3.0 + 0.01 * float k))
    let tapeF = Tape<float32>()
    let f = ContinuousBernoulli<float32>(tapeF.Constant(Tensor<float32>.FromArray(ls, ls.Length)))
    let a, mean, variance, entropy = f.LogPartition.Value.ToArray(), f.Mean.Value.ToArray(), f.Variance.Value.ToArray(), f.Entropy().Value.ToArray()
    ls |> Array.iteri (fun i l ->
        let l = float l
        let ra, rm, rv, rh = Reference.evaluate l
        let x = abs l
        let h = l / 2.0
        let bound (terms: float) = 4.0 * u * (if x < c then 1.0 else terms)
        let tail = -Expm1.expm1 -x
        Assert.True(abs (float a[i] - ra) <= bound (max l 0.0 + abs (log tail) + abs (log x)), sprintf "float A(%g) = %.9g, reference %.17g" l a[i] ra)
        Assert.True(abs (float mean[i] - rm) <= bound (0.5 + 0.5 / abs (tanh h) + 1.0 / x), sprintf "float mean(%g) = %.9g, reference %.17g" l mean[i] rm)
        Assert.True(abs (float variance[i] - rv) <= bound (1.0 / (l * l) + 0.25 / (sinh h ** 2.0)), sprintf "float variance(%g) = %.9g, reference %.17g" l variance[i] rv)
        Assert.True(abs (float entropy[i] - rh) <= bound (1.0 + x / Expm1.expm1 x + abs (log tail) + abs (log x)), sprintf "float entropy(%g) = %.9g, reference %.17g" l entropy[i] rh))

[<Fact>]
let ``density integrates to one and its moments and entropy match quadrature`` () =
    for l in [ -30.0; -2.5; -0.3; -1e-9; 0.0; 1e-9; 0.15; 0.25; 1.0; 1.4; 7.0; 30.0 ] do
        let tape = Tape<float>()
        let d = cb tape l
        let logp x = logProb d x
        let p x = exp (logp x)
        // Quadrature to ~1e-12 relative on [0, 1]; the integrands are smooth. The normaliser first:
        // A(ℓ) = log ∫₀¹ e^(ℓx) dx, integrated as e^(ℓ⁺) ∫₀¹ e^(ℓx − ℓ⁺) dx to stay in range.
        let unnormalised = integrate (fun x -> exp (l * x - max l 0.0)) 0.0 1.0
        Assert.True(abs (scalar d.LogPartition - (max l 0.0 + log unnormalised)) < 1e-12 * (1.0 + abs l), sprintf "A(%g)" l)
        Assert.True(abs (integrate p 0.0 1.0 - 1.0) < 1e-11, sprintf "∫p at ℓ = %g" l)
        let mean = integrate (fun x -> x * p x) 0.0 1.0
        Assert.True(abs (scalar d.Mean - mean) < 1e-11, sprintf "mean at ℓ = %g" l)
        Assert.True(abs (scalar d.Variance - integrate (fun x -> (x - mean) ** 2.0 * p x) 0.0 1.0) < 1e-11 * (1.0 + scalar d.Variance * 1e3), sprintf "variance at ℓ = %g" l)
        Assert.True(abs (scalar (d.Entropy()) - integrate (fun x -> -p x * logp x) 0.0 1.0) < 1e-10, sprintf "entropy at ℓ = %g" l)

[<Fact>]
let ``the gradient of the log-density is x minus the mean and matches finite differences`` () =
    // d/dℓ (ℓx − A(ℓ)) = x − A′(ℓ) = x − E[X]: an exponential-family identity, checked on both sides of the cut-off.
    let ls = vector (Array.ofList grid)
    let xs = Array.init ls.Size (fun i -> float (i % 7) / 6.0)
    let g = gradients (fun p -> Ops.Sum(ContinuousBernoulli<float>(p[0]).LogProb(p[0].Tape.Constant(vector xs)))) [| ls |]
    let tape = Tape<float>()
    let mean = values (ContinuousBernoulli<float>(tape.Constant ls)).Mean
    for i in 0 .. ls.Size - 1 do
        Assert.True(abs (g[0][i] - (xs[i] - mean[i])) < 4e-16 * 8.0, sprintf "ℓ = %g: %.17g vs %.17g" ls.[i] g.[0].[i] (xs.[i] - mean.[i]))
    assertGradientMatchesFiniteDifferences (fun p ->
        let d = ContinuousBernoulli<float>(p[0])
        Ops.Sum(d.LogProb(p[0].Tape.Constant(vector xs)) + d.Mean + d.Variance + d.Entropy())) [| ls |]

[<Fact>]
let ``analytic KL matches quadrature, is non-negative and zero for identical arguments`` () =
    let logit = Gen.choose (-800, 800) |> Gen.map (fun k -> float k / 100.0)
    Prop.forAll (Arb.fromGen (Gen.zip logit logit)) (fun (lp, lq) ->
        let tape = Tape<float>()
        let p, q = cb tape lp, cb tape lq
        let kl = scalar (Kl<float>.Divergence(p, q))
        let self = scalar (Kl<float>.Divergence(p, cb tape lp))
        // The densities ℓx − A(ℓ) with A from the implementation (checked against the 77-digit reference above).
        let ap, aq = scalar p.LogPartition, scalar q.LogPartition
        let quad = integrate (fun x -> exp (lp * x - ap) * ((lp - lq) * x - ap + aq)) 0.0 1.0
        // Quadrature to ~1e-12 relative of an integrand of size ≤ 16: 1e-11 absolute.
        kl >= 0.0 && self = 0.0 && abs (kl - quad) < 1e-11)
    |> PropertyRunner.check 501UL 100

[<Fact>]
let ``rsample inverts the CDF, and KL and moments agree with Monte Carlo`` () =
    // The sampler consumes one uniform u per element from the generator, so a twin generator recovers
    // u, and F(x; ℓ) = expm1(ℓx)/expm1(ℓ) must give it back. F has slope p(x) ≤ max(1, |ℓ|) + 1, so
    // an x accurate to a few ulps gives |F(x) − u| ≤ 1e-14 (1 + |ℓ|).
    for l in [ -20.0; -3.0; -0.6; -0.4; 0.0; 1e-7; 0.3; 0.5; 2.0; 20.0 ] do
        let tape = Tape<float>()
        let n = 2000
        let draws = values ((ContinuousBernoulli<float>(tape.Constant(Tensor<float>.Full(Shape(n), l)))).Rsample(Rng.Create 17UL))
        let twin = Rng.Create 17UL
        for x in draws do
            let u = twin.NextDouble()
            let f = if l = 0.0 then x else Expm1.expm1 (l * x) / Expm1.expm1 l
            Assert.True(x >= 0.0 && x <= 1.0 && abs (f - u) < 1e-14 * (1.0 + abs l), sprintf "ℓ = %g: x = %.17g, F(x) = %.17g, u = %.17g" l x f u)
    let tape = Tape<float>()
    let p, q = cb tape 1.7, cb tape -0.4
    let draws = (p.Rsample(Rng.Create 19UL, 100000)).Value.ToArray()
    let terms = values (p.LogProb(vector draws) - q.LogProb(vector draws))
    assertWithinFiveStandardErrors "KL(CB‖CB)" (scalar (Kl<float>.Divergence(p, q))) terms
    assertMomentsMatch draws (scalar p.Mean) (scalar p.Variance)

[<Fact>]
let ``rsample gradients match finite differences on both sides of the series cut-off`` () =
    let ls = vector [| 0.0; 1e-3; 0.3; 0.49; 0.51; 2.0; -5.0; -0.45 |]
    assertGradientMatchesFiniteDifferences (fun p ->
        let x = ContinuousBernoulli<float>(p[0]).Rsample(Rng.Create 23UL, 3)
        Ops.Sum(x * x)) [| ls |]

[<Fact>]
let ``extreme logits give finite values, finite gradients and the right limits`` () =
    // ℓ = ±1e4: A = ℓ⁺ − log|ℓ| (+ log1p(−e^(−|ℓ|)) = 0), mean = 1 − 1/ℓ (or 1/|ℓ|), variance = 1/ℓ²,
    // entropy = 1 − log|ℓ|; ℓ = ±1e-30: the ℓ = 0 limits ½, 1/12, 0 and log C = log 2.
    let ls = vector [| 1e4; -1e4; 1e-30; -1e-30 |]
    let tape = Tape<float>()
    let d = ContinuousBernoulli<float>(tape.Constant ls)
    let closeTo (tolerance: float) (expected: float[]) (actual: float[]) =
        Array.iter2 (fun e a -> Assert.True(abs (a - e) <= tolerance * (1.0 + abs e), sprintf "%.17g vs %.17g" a e)) expected actual
    let close = closeTo 1e-15
    // log p(x) = ℓx − A(ℓ): log 1e4 at (1e4, 1), −1e4 + log 1e4 at (−1e4, 1), and 0 (uniform) near ℓ = 0.
    closeTo 1e-15 [| log 1e4; -1e4 + log 1e4; 0.0; 0.0 |] (values (d.LogProb(vector [| 1.0; 1.0; 0.0; 1.0 |])))
    close [| 1.0 - 1e-4; 1e-4; 0.5; 0.5 |] (values d.Mean)
    close [| 1e-8; 1e-8; 1.0 / 12.0; 1.0 / 12.0 |] (values d.Variance)
    close [| 1.0 - log 1e4; 1.0 - log 1e4; 0.0; 0.0 |] (values (d.Entropy()))
    close [| log 2.0; log 2.0 |] (values d.LogNormalizer).[2..]
    let g = gradients (fun p ->
        let d = ContinuousBernoulli<float>(p[0])
        let q = ContinuousBernoulli<float>(p[0].Tape.Constant(vector [| -1e4; 1e4; 3.0; -3.0 |]))
        Ops.Sum(d.LogProb(p[0].Tape.Constant(vector [| 0.3; 0.0; 1.0; 0.5 |])) + d.Mean + d.Variance + d.Entropy()
            + Kl<float>.Divergence(d, q) + Kl<float>.Divergence(q, d) + d.Rsample(Rng.Create 1UL))) [| ls |]
    assertFinite "gradient" g[0]
    let tapeF = Tape<float32>()
    let f = ContinuousBernoulli<float32>(tapeF.Constant(Tensor<float32>.FromArray([| 1e4f; -1e4f; 1e-30f |], 3)))
    let lpf = f.LogProb(Tensor<float32>.FromArray([| 1.0f; 0.0f; 0.25f |], 3)).Value.ToArray()
    // log p = log 1e4 at (1e4, 1) and at (−1e4, 0), and 0 (uniform) near ℓ = 0: to a float ulp of 9.2 (1e-6),
    // which the cancellation-free form (x − 𝟙[ℓ > 0])ℓ − R(ℓ) achieves (ℓx − A(ℓ) would be off by 1e-3).
    Array.iter2 (fun (e: float) (a: float32) -> Assert.True(abs (float a - e) < 2e-6, sprintf "%.9g vs %.9g" a e)) [| log 1e4; log 1e4; 0.0 |] lpf
    assertFiniteSingle "float moments" (Array.concat [ f.Mean.Value.ToArray(); f.Variance.Value.ToArray(); f.Entropy().Value.ToArray(); f.Rsample(Rng.Create 2UL).Value.ToArray() ])

[<Fact>]
let ``non-finite logits are refused with the parameter and the rule named`` () =
    let tape = Tape<float>()
    for bad in [ nan; infinity ] do
        let e = Assert.Throws<ArgumentException>(fun () -> cb tape bad |> ignore)
        Assert.Contains("logits", e.Message)
        Assert.Contains("finite", e.Message)
