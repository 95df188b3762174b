module Vae.Probabilistic.Tests.Distributions.MixtureSameFamilyTests

open System
open Xunit
open FsCheck.FSharp
open Vae.Core.Tensors
open Vae.Core.Autodiff
open Vae.Core.Randomness
open Vae.Probabilistic.Distributions
open Vae.Probabilistic.Divergences
open Vae.Probabilistic.Tests
open Vae.Probabilistic.Tests.Numerics
open Vae.Probabilistic.Tests.Dense

type MathNetNormal = MathNet.Numerics.Distributions.Normal

let private uniform low high =
    Gen.choose (0, 1 <<< 20) |> Gen.map (fun k -> low + (high - low) * float k / float (1 <<< 20))

/// A mixture of K diagonal Gaussians over D coordinates for each of 2 batch rows, logits per row or shared.
type private Parameters = { K: int; Dim: int; Shared: bool; Logits: float[]; Loc: float[]; Scale: float[] }

let private parameters =
    gen {
        let! k = Gen.choose (1, 4)
        let! dim = Gen.choose (1, 3)
        let! shared = Gen.elements [ false; true ]
        let! logits = Gen.arrayOfLength (if shared then k else 2 * k) (uniform -3.0 3.0)
        let! loc = Gen.arrayOfLength (2 * k * dim) (uniform -3.0 3.0)
        let! logScale = Gen.arrayOfLength (2 * k * dim) (uniform -1.5 1.0)
        return { K = k; Dim = dim; Shared = shared; Logits = logits; Loc = loc; Scale = Array.map exp logScale }
    }

let private mixture (tape: Tape<float>) (p: Parameters) =
    let components =
        Independent<float>(Normal<float>(tape.Constant(tensor p.Loc [| 2; p.K; p.Dim |]), tape.Constant(tensor p.Scale [| 2; p.K; p.Dim |])), 1)
    MixtureSameFamily<float>(tape.Constant(tensor p.Logits (if p.Shared then [| p.K |] else [| 2; p.K |])), components)

/// log Σₖ wₖ Πᵢ N(xᵢ; μₖᵢ, σₖᵢ) for batch row b, with MathNet densities and a max-shifted log-sum-exp.
let private reference (p: Parameters) (b: int) (x: float[]) =
    let logits = Array.init p.K (fun k -> p.Logits[(if p.Shared then 0 else b * p.K) + k])
    let logNormaliser = let m = Array.max logits in m + log (logits |> Array.sumBy (fun l -> exp (l - m)))
    let terms =
        Array.init p.K (fun k ->
            logits[k] - logNormaliser
            + Array.sum (Array.init p.Dim (fun i ->
                let j = (b * p.K + k) * p.Dim + i
                MathNetNormal.PDFLn(p.Loc[j], p.Scale[j], x[i]))))
    let m = Array.max terms
    m + log (terms |> Array.sumBy (fun t -> exp (t - m)))

[<Fact>]
let ``log-density is the log of the weighted sum of component densities over sample and batch axes`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters (Gen.arrayOfLength 18 (uniform -5.0 5.0)))) (fun (p, xs) ->
        let tape = Tape<float>()
        let x = Array.init (6 * p.Dim) (fun i -> xs[i % 18])
        let actual = values ((mixture tape p).LogProb(tensor x [| 3; 2; p.Dim |]))
        // Both sides are O(10) sums of logs in double; 1e-12 relative leaves ~100 ulps of slack.
        actual.Length = 6
        && Seq.forall (fun i ->
            let expected = reference p (i % 2) x[i * p.Dim .. (i + 1) * p.Dim - 1]
            abs (actual[i] - expected) < 1e-12 * (1.0 + abs expected)) [ 0 .. 5 ])
    |> PropertyRunner.check 501UL 100

/// A one-dimensional mixture of three normals (batch [], event []).
let private scalarMixture (tape: Tape<float>) =
    let c (v: float[]) = tape.Constant(vector v)
    MixtureSameFamily<float>(c [| 0.2; -1.0; 1.5 |], Normal<float>(c [| -2.0; 0.5; 3.0 |], c [| 0.5; 1.2; 0.3 |]))

[<Fact>]
let ``a scalar mixture integrates to one and its mean and variance match quadrature`` () =
    let tape = Tape<float>()
    let d = scalarMixture tape
    Assert.Equal(Shape.Scalar, d.BatchShape)
    let density x = exp ((values (d.LogProb(tape.Constant(Tensor<float>.Scalar x)))).[0])
    let a, b = -12.0, 12.0 // every component is > 12σ inside; the tails weigh < 1e-30
    let total = integrate density a b
    let mean = integrate (fun x -> x * density x) a b
    let variance = integrate (fun x -> (x - mean) ** 2.0 * density x) a b
    // Gauss–Kronrod to a 1e-12 relative target on smooth integrands.
    Assert.Equal(1.0, total, 10)
    Assert.Equal(mean, (values d.Mean).[0], 9)
    Assert.Equal(variance, (values d.Variance).[0], 9)

[<Fact>]
let ``ancestral draws follow the mixture's distribution function, mean and variance`` () =
    let tape = Tape<float>()
    let d = scalarMixture tape
    let rng = Rng.Create 31UL
    let n = 40000
    let draws = Array.init n (fun _ -> (d.Sample rng).[0])
    let weights = [| 0.2; -1.0; 1.5 |] |> Array.map exp |> fun e -> e |> Array.map (fun v -> v / Array.sum e)
    let cdf t = Array.sum (Array.init 3 (fun k -> weights[k] * MathNetNormal.CDF([| -2.0; 0.5; 3.0 |][k], [| 0.5; 1.2; 0.3 |][k], t)))
    for t in [ -2.5; -1.0; 0.0; 1.0; 2.5; 3.2 ] do
        let p = cdf t
        let fraction = float (draws |> Array.filter (fun x -> x <= t) |> Array.length) / float n
        // Binomial standard error; 5 of them: a false alarm has probability < 1e-6 per threshold.
        Assert.True(abs (fraction - p) < 5.0 * sqrt (p * (1.0 - p) / float n), sprintf "F(%g): %g vs %g" t fraction p)
    let mean, se = meanAndStandardError draws
    let m = (values d.Mean).[0]
    Assert.True(abs (mean - m) < 5.0 * se, sprintf "mean %g ± %g vs %g" mean se m)
    let squares = draws |> Array.map (fun x -> (x - m) ** 2.0)
    let v, vse = meanAndStandardError squares
    Assert.True(abs (v - (values d.Variance).[0]) < 5.0 * vse, sprintf "variance %g ± %g vs %g" v vse (values d.Variance).[0])

[<Fact>]
let ``vector-valued draws have the batch and event shape and the mixture's moments`` () =
    let p = { K = 2; Dim = 2; Shared = false; Logits = [| 0.0; 1.0; -0.5; 0.5 |]
              Loc = [| -1.0; 2.0; 1.5; 0.0; 0.0; 0.3; -2.0; 1.0 |]; Scale = [| 0.5; 0.8; 1.0; 0.4; 0.7; 0.6; 0.3; 1.1 |] }
    let tape = Tape<float>()
    let d = mixture tape p
    let rng = Rng.Create 41UL
    let n = 20000
    let draws = Array.init n (fun _ -> d.Sample rng)
    Assert.Equal(Shape(2, 2), draws[0].Shape)
    let mean, variance = values d.Mean, values d.Variance
    for j in 0 .. 3 do
        let xs = draws |> Array.map (fun t -> t[j])
        let m, se = meanAndStandardError xs
        Assert.True(abs (m - mean[j]) < 5.0 * se, sprintf "mean %d: %g ± %g vs %g" j m se mean[j])
        let v, vse = meanAndStandardError (xs |> Array.map (fun x -> (x - mean[j]) ** 2.0))
        Assert.True(abs (v - variance[j]) < 5.0 * vse, sprintf "variance %d: %g ± %g vs %g" j v vse variance[j])

[<Fact>]
let ``gradients of the log-density, mean and variance match finite differences`` () =
    let logits = tensor [| 0.3; -0.4; 1.0; 0.2; 0.0; -1.0 |] [| 2; 3 |]
    let loc = tensor (Array.init 12 (fun i -> float (i % 5) * 0.6 - 1.2)) [| 2; 3; 2 |]
    let scale = tensor (Array.init 12 (fun i -> 0.5 + float (i % 4) * 0.3)) [| 2; 3; 2 |]
    let x = tensor [| 0.1; -0.5; 1.2; 0.4; -1.0; 0.0; 0.3; 0.9 |] [| 2; 2; 2 |]
    let build (p: Collections.Generic.IReadOnlyList<Var<float>>) =
        MixtureSameFamily<float>(p[0], Independent<float>(Normal<float>(p[1], p[2]), 1))
    FiniteDifferences.check [| logits; loc; scale; x |] (fun p -> (build p).LogProb(p[3]))
    FiniteDifferences.check [| logits; loc; scale |] (fun p -> (build p).Mean)
    FiniteDifferences.check [| logits; loc; scale |] (fun p -> (build p).Variance)

[<Fact>]
let ``the KL registry has no analytic pair for a mixture and points to Monte Carlo`` () =
    let tape = Tape<float>()
    let mix = scalarMixture tape
    let normal = Normal<float>(tape.Constant(vector [| 0.7 |]), tape.Constant(vector [| 1.5 |]))
    Assert.False(Kl<float>.IsRegistered(normal, mix))
    Assert.False(Kl<float>.IsRegistered(mix, normal))
    Assert.False(Kl<float>.IsRegistered(mix, mix))
    for p, q in [ (normal :> Distribution<float>), (mix :> Distribution<float>); mix, normal ] do
        let e = Assert.Throws<NotSupportedException>(fun () -> Kl<float>.Divergence(p, q) |> ignore)
        Assert.Contains("MixtureSameFamily<Double>", e.Message)
        Assert.Contains("Normal<Double>", e.Message)
        Assert.Contains("MonteCarlo", e.Message)

[<Fact>]
let ``Monte Carlo KL to and from a mixture agrees with quadrature within its standard error`` () =
    let tape = Tape<float>()
    let mix = scalarMixture tape
    let normal = Normal<float>(tape.Constant(vector [| 0.7 |]), tape.Constant(vector [| 1.5 |]))
    let logMix x = (values (mix.LogProb(tape.Constant(Tensor<float>.Scalar x)))).[0]
    let logNormal x = MathNetNormal.PDFLn(0.7, 1.5, x)
    let n = 10000
    for p, q, logp, logq in [ (normal :> Distribution<float>), (mix :> Distribution<float>), logNormal, logMix; mix, normal, logMix, logNormal ] do
        let exact = integrate (fun x -> exp (logp x) * (logp x - logq x)) -15.0 15.0
        let estimate = (values (Kl<float>.MonteCarlo(p, q, Rng.Create 51UL, n))).[0]
        // The same draws, replayed from the same seed, give the terms and their standard error.
        let draws =
            if p.HasRsample then values (p.Rsample(Rng.Create 51UL, n))
            else let rng = Rng.Create 51UL in Array.init n (fun _ -> (p.Sample rng).[0])
        let mean, se = meanAndStandardError (draws |> Array.map (fun x -> logp x - logq x))
        Assert.Equal(mean, estimate, 10)
        // 5 standard errors: a false alarm has probability < 1e-6.
        Assert.True(abs (estimate - exact) < 5.0 * se, sprintf "MC %g ± %g vs quadrature %g" estimate se exact)

[<Fact>]
let ``rsample and entropy are refused with the reason, and bad logits are refused`` () =
    let tape = Tape<float>()
    let mix = scalarMixture tape
    Assert.False(mix.HasRsample)
    Assert.Contains("Sample", (Assert.Throws<NotSupportedException>(fun () -> mix.Rsample(Rng.Create 1UL) |> ignore)).Message)
    Assert.Contains("closed-form entropy", (Assert.Throws<NotSupportedException>(fun () -> mix.Entropy() |> ignore)).Message)
    let components = Normal<float>(tape.Constant(vector [| 0.0; 1.0 |]), tape.Constant(vector [| 1.0; 1.0 |]))
    let nan = Assert.Throws<ArgumentException>(fun () -> MixtureSameFamily<float>(tape.Constant(vector [| 0.0; nan |]), components) |> ignore)
    Assert.Contains("mixtureLogits", nan.Message)
    let shape = Assert.Throws<ShapeMismatchException>(fun () -> MixtureSameFamily<float>(tape.Constant(vector [| 0.0; 0.0; 0.0 |]), components) |> ignore)
    Assert.Contains("[3]", shape.Message)
    Assert.Contains("[2]", shape.Message)
    let scalar = Normal<float>(tape.Constant(Tensor<float>.Scalar 0.0), tape.Constant(Tensor<float>.Scalar 1.0))
    Assert.Contains("batch axis", (Assert.Throws<ArgumentException>(fun () -> MixtureSameFamily<float>(tape.Constant(vector [| 0.0 |]), scalar) |> ignore)).Message)

[<Fact>]
let ``extreme scales and weights give finite log-densities, moments and gradients`` () =
    // Component scales 1e-8 and 1e6 and a logit gap of 2000 (a weight of e^-2000, which underflows):
    // the log-density is −(x − μ)²/(2σ²) ≈ −1.25e15 for the narrow component and is carried by the others.
    let logits = tensor [| 1000.0; -1000.0; 0.0 |] [| 3 |]
    let loc = tensor [| 0.0; 2.0; -1.0 |] [| 3 |]
    let scale = tensor [| 1e-8; 1e6; 1.0 |] [| 3 |]
    let x = tensor [| 0.5; -3.0; 1e-9 |] [| 3 |]
    let objective (p: Collections.Generic.IReadOnlyList<Var<float>>) =
        let m = MixtureSameFamily<float>(p[0], Normal<float>(p[1], p[2]))
        Ops.Sum(m.LogProb(p[3])) + Ops.Sum(m.Mean) + Ops.Sum(m.Variance)
    let r = Grad.ValueAndGrad([| logits; loc; scale; x |], Func<_, _> objective)
    Assert.True(Double.IsFinite r.Value, sprintf "value %g" r.Value)
    for g in r.Gradients do Assert.True(g.ToArray() |> Array.forall Double.IsFinite, sprintf "gradient %O" g)
    // x = 0.5 is 5e7 narrow scales away from the dominant component: log p ≈ log(w₃ N(0.5; −1, 1)) with w₃ = e^-1000.
    let tape = Tape<float>()
    let m = MixtureSameFamily<float>(tape.Constant logits, Normal<float>(tape.Constant loc, tape.Constant scale))
    let lp = (values (m.LogProb(tape.Constant(Tensor<float>.Scalar 0.5)))).[0]
    let expected = -1000.0 + MathNetNormal.PDFLn(-1.0, 1.0, 0.5)
    // The narrow component contributes exp(−1.25e15) = 0 and the wide one e^-2000 · N ≈ 0: exact to rounding.
    Assert.Equal(expected, lp, 9)

[<Fact>]
let ``extreme scales and weights in float32 give finite log-densities, moments and gradients`` () =
    // The same mixture as above in float32: (x − μ)²/(2σ²) ≈ 1.25e15 and logits ±1000 are all representable.
    let single (v: float32[]) = Tensor<float32>.FromArray(v, v.Length)
    let inputs = [| single [| 1000.0f; -1000.0f; 0.0f |]; single [| 0.0f; 2.0f; -1.0f |]; single [| 1e-8f; 1e6f; 1.0f |]; single [| 0.5f; -3.0f; 1e-9f |] |]
    let objective (p: Collections.Generic.IReadOnlyList<Var<float32>>) =
        let m = MixtureSameFamily<float32>(p[0], Normal<float32>(p[1], p[2]))
        Ops.Sum(m.LogProb(p[3])) + Ops.Sum(m.Mean) + Ops.Sum(m.Variance)
    let r = Grad.ValueAndGrad(inputs, Func<_, _> objective)
    Assert.True(Single.IsFinite r.Value, sprintf "value %g" r.Value)
    for g in r.Gradients do Assert.True(g.ToArray() |> Array.forall Single.IsFinite, sprintf "gradient %O" g)
