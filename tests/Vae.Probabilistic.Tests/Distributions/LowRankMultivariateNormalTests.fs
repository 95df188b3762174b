module Vae.Probabilistic.Tests.Distributions.LowRankMultivariateNormalTests

open System
open Xunit
open FsCheck.FSharp
open MathNet.Numerics.LinearAlgebra
open Vae.Core.Tensors
open Vae.Core.Autodiff
open Vae.Core.Randomness
open Vae.Probabilistic.Distributions
open Vae.Probabilistic.Divergences
open Vae.Probabilistic.Linear
open Vae.Probabilistic.Tests
open Vae.Probabilistic.Tests.Numerics
open Vae.Probabilistic.Tests.Dense

/// Uniform on [low, high] on a grid of 2²⁰ steps.
let private uniform low high =
    Gen.choose (0, 1 <<< 20) |> Gen.map (fun k -> low + (high - low) * float k / float (1 <<< 20))

/// D, K, μ (two batch rows), W and d, with d in [0.2, 4] so that the dense reference's density stays representable.
type private Parameters = { Dim: int; Rank: int; Loc: float[]; W: float[]; D: float[] }

let private parameters =
    gen {
        let! dim = Gen.choose (1, 5)
        let! rank = Gen.choose (1, 3)
        let! loc = Gen.arrayOfLength (2 * dim) (uniform -2.0 2.0)
        let! w = Gen.arrayOfLength (dim * rank) (uniform -1.5 1.5)
        let! logD = Gen.arrayOfLength dim (uniform (log 0.2) (log 4.0))
        return { Dim = dim; Rank = rank; Loc = loc; W = w; D = Array.map exp logD }
    }

let private distribution (tape: Tape<float>) (p: Parameters) =
    LowRankMultivariateNormal<float>(
        tape.Constant(tensor p.Loc [| 2; p.Dim |]), tape.Constant(tensor p.W [| p.Dim; p.Rank |]), tape.Constant(tensor p.D [| p.Dim |]))

/// Row b of the batch of means.
let private row (p: Parameters) b = p.Loc[b * p.Dim .. (b + 1) * p.Dim - 1]

let private dense (p: Parameters) b = DenseGaussian(Vector<float>.Build.DenseOfArray(row p b), lowRankCovariance p.W p.D)

let private diagonalNormal (tape: Tape<float>) (loc: float[]) (scale: float[]) =
    Independent<float>(Normal<float>(tape.Constant(tensor loc [| loc.Length |]), tape.Constant(tensor scale [| scale.Length |])), 1)

let private denseDiagonal (loc: float[]) (scale: float[]) =
    DenseGaussian(Vector<float>.Build.DenseOfArray loc, Matrix<float>.Build.DenseOfDiagonalArray(scale |> Array.map (fun s -> s * s)))

[<Fact>]
let ``log-density matches the dense Gaussian density over sample and batch axes`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters (Gen.arrayOfLength 30 (uniform -1.5 1.5)))) (fun (p, offsets) ->
        let tape = Tape<float>()
        // x has shape [3, 2, D]: three draws for each of the two batch rows, within 1.5 of the mean per coordinate.
        let x = Array.init (6 * p.Dim) (fun i -> (row p ((i / p.Dim) % 2))[i % p.Dim] + offsets[i % 30])
        let actual = values ((distribution tape p).LogProb(tensor x [| 3; 2; p.Dim |]))
        let sigma = lowRankCovariance p.W p.D
        Seq.forall (fun i ->
            let expected = logDensity (row p (i % 2)) sigma x[i * p.Dim .. (i + 1) * p.Dim - 1]
            // Both are O(10) sums of double products with cond(Σ) ≤ ~100: 1e-10 relative is ~1e4 ulps of slack.
            abs (actual[i] - expected) < 1e-10 * (1.0 + abs expected)) [ 0 .. 5 ])
    |> PropertyRunner.check 401UL 100

[<Fact>]
let ``entropy, mean and variance match the dense closed forms`` () =
    Prop.forAll (Arb.fromGen parameters) (fun p ->
        let tape = Tape<float>()
        let d = distribution tape p
        let sigma = lowRankCovariance p.W p.D
        let entropy = 0.5 * (float p.Dim * (1.0 + log (2.0 * Math.PI)) + log (sigma.Determinant()))
        let variance = values d.Variance
        // Determinant by LU on a matrix with cond ≤ ~100: 1e-11 absolute on O(10) values.
        values (d.Entropy()) |> Array.forall (fun h -> abs (h - entropy) < 1e-11 * (1.0 + abs entropy))
        && d.Entropy().Shape = Shape(2)
        && values d.Mean = p.Loc
        && Array.forall2 (fun (v: float) (i: int) -> abs (v - sigma[i % p.Dim, i % p.Dim]) < 1e-14 * sigma[i % p.Dim, i % p.Dim])
            variance [| 0 .. 2 * p.Dim - 1 |])
    |> PropertyRunner.check 402UL 100

[<Fact>]
let ``reparameterised draws have mean μ and covariance W Wᵀ + diag(d) within their standard errors`` () =
    let p = { Dim = 3; Rank = 2; Loc = [| 0.5; -1.0; 2.0; 0.0; 0.0; 0.0 |]; W = [| 1.0; 0.5; -0.8; 0.3; 0.2; -1.1 |]; D = [| 0.3; 0.6; 0.1 |] }
    let n = 100000
    let draws = ((distribution (Tape<float>()) p).Rsample(Rng.Create 11UL, n)).Value
    Assert.Equal(Shape(n, 2, 3), draws.Shape)
    let sigma = lowRankCovariance p.W p.D
    let at s b i = draws[(s * 2 + b) * 3 + i]
    for b in 0 .. 1 do
        for i in 0 .. 2 do
            let xi = Array.init n (fun s -> at s b i)
            let mean, se = meanAndStandardError xi
            // 5 standard errors: a false alarm has probability < 1e-6 per check.
            Assert.True(abs (mean - (row p b).[i]) < 5.0 * se, sprintf "mean %d,%d: %g vs %g" b i mean (row p b).[i])
            for j in 0 .. i do
                let products = Array.init n (fun s -> (at s b i - (row p b).[i]) * (at s b j - (row p b).[j]))
                let c, _ = meanAndStandardError products
                // Var[(xi − μi)(xj − μj)] = Σii Σjj + Σij² for a Gaussian.
                let se = sqrt ((sigma[i, i] * sigma[j, j] + sigma[i, j] ** 2.0) / float n)
                Assert.True(abs (c - sigma[i, j]) < 5.0 * se, sprintf "cov %d,%d: %g vs %g" i j c sigma[i, j])

[<Fact>]
let ``log-density gradients match finite differences with respect to μ, W, d and the value`` () =
    let loc = tensor [| 0.3; -0.7; 1.1; 0.0; 0.4; -0.2 |] [| 2; 3 |]
    let w = tensor [| 0.9; -0.4; 0.2; 0.7; -0.5; 0.3 |] [| 3; 2 |]
    let d = tensor [| 0.5; 1.3; 0.8 |] [| 3 |]
    let x = tensor [| 0.1; 0.2; 0.9; -0.6; 1.0; 0.5 |] [| 2; 3 |]
    FiniteDifferences.check [| loc; w; d; x |] (fun p -> LowRankMultivariateNormal<float>(p[0], p[1], p[2]).LogProb(p[3]))
    FiniteDifferences.check [| loc; w; d |] (fun p -> LowRankMultivariateNormal<float>(p[0], p[1], p[2]).Entropy())
    // Reparameterised draws at a fixed seed are a differentiable function of the parameters.
    FiniteDifferences.check [| loc; w; d |] (fun p -> LowRankMultivariateNormal<float>(p[0], p[1], p[2]).Rsample(Rng.Create 5UL, 4))

[<Fact>]
let ``KL between low-rank Gaussians matches the dense closed form and vanishes for identical arguments`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters parameters)) (fun (p, q0) ->
        // Give q the event size of p by regenerating its arrays cyclically from q0's.
        let q = { q0 with Dim = p.Dim; Loc = Array.init (2 * p.Dim) (fun i -> q0.Loc[i % q0.Loc.Length])
                          W = Array.init (p.Dim * q0.Rank) (fun i -> q0.W[i % q0.W.Length]); D = Array.init p.Dim (fun i -> q0.D[i % q0.D.Length]) }
        let tape = Tape<float>()
        let kl = values (Kl<float>.Divergence(distribution tape p, distribution tape q))
        let self = values (Kl<float>.Divergence(distribution tape p, distribution tape p))
        Seq.forall (fun b ->
            let expected = DenseGaussian.KullbackLeibler(dense p b, dense q b)
            // Woodbury and the dense Cholesky route round differently; cond(Σ) ≤ ~100 keeps both within ~1e-12 relative.
            abs (kl[b] - expected) < 1e-9 * (1.0 + expected) && abs self[b] < 1e-12) [ 0; 1 ])
    |> PropertyRunner.check 403UL 100

[<Fact>]
let ``KL to and from a diagonal Gaussian (Independent Normal) matches the dense closed form`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters (Gen.arrayOfLength 10 (uniform -1.0 1.0)))) (fun (p, u) ->
        let tape = Tape<float>()
        let loc = Array.init p.Dim (fun i -> 2.0 * u[i])
        let scale = Array.init p.Dim (fun i -> exp u[5 + i])
        let forward = values (Kl<float>.Divergence(distribution tape p, diagonalNormal tape loc scale))
        let backward = values (Kl<float>.Divergence(diagonalNormal tape loc scale, distribution tape p))
        Seq.forall (fun b ->
            let f = DenseGaussian.KullbackLeibler(dense p b, denseDiagonal loc scale)
            let r = DenseGaussian.KullbackLeibler(denseDiagonal loc scale, dense p b)
            // As above: two routes to the same closed form, each accurate to ~1e-12 relative.
            abs (forward[b] - f) < 1e-9 * (1.0 + f) && abs (backward[b] - r) < 1e-9 * (1.0 + r)) [ 0; 1 ])
    |> PropertyRunner.check 404UL 100

[<Fact>]
let ``KL agrees with a seeded Monte Carlo estimate within its standard error`` () =
    let p = { Dim = 3; Rank = 2; Loc = [| 0.5; -1.0; 2.0; 0.0; 0.0; 0.0 |]; W = [| 1.0; 0.5; -0.8; 0.3; 0.2; -1.1 |]; D = [| 0.3; 0.6; 0.1 |] }
    let q = { Dim = 3; Rank = 1; Loc = [| 0.0; 0.0; 1.0; 1.0; -1.0; 0.5 |]; W = [| 0.4; -0.9; 0.6 |]; D = [| 1.0; 0.5; 0.8 |] }
    let tape = Tape<float>()
    let pd, qd = distribution tape p, distribution tape q
    let analytic = values (Kl<float>.Divergence(pd, qd))
    let n = 100000
    let x = pd.Rsample(Rng.Create 21UL, n)
    let terms = values (pd.LogProb(x) - qd.LogProb(x))
    for b in 0 .. 1 do
        let mean, se = meanAndStandardError (Array.init n (fun s -> terms[2 * s + b]))
        // 5 standard errors: a false alarm has probability < 1e-6.
        Assert.True(abs (mean - analytic[b]) < 5.0 * se, sprintf "MC %g ± %g vs analytic %g" mean se analytic[b])

[<Fact>]
let ``KL gradients match finite differences for every registered pair`` () =
    let loc = tensor [| 0.3; -0.7; 1.1 |] [| 3 |]
    let w = tensor [| 0.9; -0.4; 0.2; 0.7; -0.5; 0.3 |] [| 3; 2 |]
    let d = tensor [| 0.5; 1.3; 0.8 |] [| 3 |]
    let loc2 = tensor [| -0.2; 0.5; 0.1 |] [| 3 |]
    let w2 = tensor [| 0.3; 1.0; -0.6 |] [| 3; 1 |]
    let d2 = tensor [| 0.9; 0.4; 1.5 |] [| 3 |]
    let lowRank (p: Collections.Generic.IReadOnlyList<Var<float>>) i = LowRankMultivariateNormal<float>(p[i], p[i + 1], p[i + 2])
    let diagonal (p: Collections.Generic.IReadOnlyList<Var<float>>) i = Independent<float>(Normal<float>(p[i], p[i + 2]), 1)
    FiniteDifferences.check [| loc; w; d; loc2; w2; d2 |] (fun p -> Kl<float>.Divergence(lowRank p 0, lowRank p 3))
    FiniteDifferences.check [| loc; w; d; loc2; w2; d2 |] (fun p -> Kl<float>.Divergence(lowRank p 0, diagonal p 3))
    FiniteDifferences.check [| loc; w; d; loc2; w2; d2 |] (fun p -> Kl<float>.Divergence(diagonal p 3, lowRank p 0))

[<Fact>]
let ``extreme scales give finite values and gradients, accurate where the problem is well conditioned`` () =
    // (scale of W, scale of √d): tiny and huge covariances (well conditioned: ‖W‖²/d = O(1)), and a
    // nearly singular one (‖W‖²/d = 1e12), where Woodbury subtracts two terms of size ‖D^{-1/2} r‖².
    for wScale, dScale in [ 1e-6, 1e-6; 1e6, 1e6; 1.0, 1e-6 ] do
        let w = [| 0.9; -0.4; 0.2; 0.7; -0.5; 0.3 |] |> Array.map ((*) wScale)
        let d = [| 0.5; 1.3; 0.8 |] |> Array.map (fun v -> v * dScale * dScale)
        let loc = [| 0.3; -0.7; 1.1 |]
        // A point one 'standard deviation' away along W's first column plus √d-sized noise.
        let x = Array.init 3 (fun i -> loc[i] + w[2 * i] + 0.5 * sqrt d[i])
        let parameters = [| tensor loc [| 3 |]; tensor w [| 3; 2 |]; tensor d [| 3 |]; tensor x [| 3 |] |]
        let objective (p: Collections.Generic.IReadOnlyList<Var<float>>) =
            let lr = LowRankMultivariateNormal<float>(p[0], p[1], p[2])
            let prior = Independent<float>(Normal<float>(p[0].Tape.Constant(tensor [| 0.0; 0.0; 0.0 |] [| 3 |]), p[0].Tape.Constant(tensor [| 1.0; 1.0; 1.0 |] [| 3 |])), 1)
            Ops.Sum(lr.LogProb(p[3])) + Ops.Sum(lr.Entropy()) + Ops.Sum(Kl<float>.Divergence(lr, prior)) + Ops.Sum(lr.Rsample(Rng.Create 3UL))
        let r = Grad.ValueAndGrad(parameters, Func<_, _> objective)
        Assert.True(Double.IsFinite r.Value, sprintf "value %g at scales %g, %g" r.Value wScale dScale)
        for g in r.Gradients do
            Assert.True(g.ToArray() |> Array.forall Double.IsFinite, sprintf "gradient %O at scales %g, %g" g wScale dScale)
        let t = Tape<float>()
        let logp = (values (LowRankMultivariateNormal<float>(t.Constant parameters[0], t.Constant parameters[1], t.Constant parameters[2]).LogProb(parameters[3]))).[0]
        let expected = logDensity loc (lowRankCovariance w d) x
        // The 1e-9 relative budget of the well-conditioned tests, plus the Woodbury cancellation bound
        // 8ε Σ rᵢ²/dᵢ (negligible unless ‖W‖²/d ≫ 1; ≈ 3.5e-3 in the third case, whose measured error
        // against a 50-digit evaluation is 6e-5; the dense reference's own error there is 7e-6).
        let cancellation = 8.0 * 2.220446049250313e-16 * Array.sum (Array.init 3 (fun i -> (x[i] - loc[i]) ** 2.0 / d[i]))
        let tolerance = 1e-9 * (1.0 + abs expected) + cancellation
        Assert.True(abs (logp - expected) <= tolerance, sprintf "log p %.17g vs %.17g (tolerance %g)" logp expected tolerance)

[<Fact>]
let ``extreme scales in float32 give finite values and gradients, within float32's own error bound`` () =
    for wScale, dScale in [ 1e-6, 1e-6; 1e6, 1e6; 1.0, 1e-6 ] do
        let w = [| 0.9; -0.4; 0.2; 0.7; -0.5; 0.3 |] |> Array.map ((*) wScale)
        let d = [| 0.5; 1.3; 0.8 |] |> Array.map (fun v -> v * dScale * dScale)
        let loc = [| 0.3; -0.7; 1.1 |]
        let x = Array.init 3 (fun i -> loc[i] + w[2 * i] + 0.5 * sqrt d[i])
        let single (v: float[]) (dims: int[]) = Tensor<float32>.FromArray(Array.map float32 v, dims)
        let parameters = [| single loc [| 3 |]; single w [| 3; 2 |]; single d [| 3 |]; single x [| 3 |] |]
        let objective (p: Collections.Generic.IReadOnlyList<Var<float32>>) =
            let lr = LowRankMultivariateNormal<float32>(p[0], p[1], p[2])
            let prior = Independent<float32>(Normal<float32>(p[0].Tape.Constant(single [| 0.0; 0.0; 0.0 |] [| 3 |]), p[0].Tape.Constant(single [| 1.0; 1.0; 1.0 |] [| 3 |])), 1)
            Ops.Sum(lr.LogProb(p[3])) + Ops.Sum(lr.Entropy()) + Ops.Sum(Kl<float32>.Divergence(lr, prior)) + Ops.Sum(lr.Rsample(Rng.Create 3UL))
        let r = Grad.ValueAndGrad(parameters, Func<_, _> objective)
        Assert.True(Single.IsFinite r.Value, sprintf "value %g at scales %g, %g" r.Value wScale dScale)
        for g in r.Gradients do
            Assert.True(g.ToArray() |> Array.forall Single.IsFinite, sprintf "gradient %O at scales %g, %g" g wScale dScale)
        let t = Tape<float32>()
        let logp = float (LowRankMultivariateNormal<float32>(t.Constant parameters[0], t.Constant parameters[1], t.Constant parameters[2]).LogProb(parameters[3])).Value[0]
        // The reference is evaluated at the float32-rounded inputs: rounding x and μ (~1) to float32
        // moves r = x − μ (~1e-6 in the first case) by ~1e-7, which is the input's error, not the algorithm's.
        let rounded (v: float[]) = v |> Array.map (fun e -> float (float32 e))
        let loc, w, d, x = rounded loc, rounded w, rounded d, rounded x
        let expected = logDensity loc (lowRankCovariance w d) x
        // float32 rounding of O(10) terms (measured ~1e-8 relative, 1e-5 allowed) plus the cancellation
        // bound 8ε Σ rᵢ²/dᵢ with ε = 2⁻²³. In the nearly singular case that bound is ~2e6 and the float32
        // log-density is finite but meaningless (measured −2e5 against 10.7), as the type remarks warn.
        let cancellation = 8.0 * 1.1920929e-7 * Array.sum (Array.init 3 (fun i -> (x[i] - loc[i]) ** 2.0 / d[i]))
        let tolerance = 1e-5 * (1.0 + abs expected) + cancellation
        Assert.True(abs (logp - expected) <= tolerance, sprintf "log p %.9g vs %.17g (tolerance %g)" logp expected tolerance)

[<Fact>]
let ``parameters outside the support and mismatched shapes are refused with a clear message`` () =
    let tape = Tape<float>()
    let c (v: float[]) (dims: int[]) = tape.Constant(tensor v dims)
    let e = Assert.Throws<ArgumentException>(fun () ->
        LowRankMultivariateNormal<float>(c [| 0.0; 0.0 |] [| 2 |], c [| 1.0; 1.0 |] [| 2; 1 |], c [| 1.0; 0.0 |] [| 2 |]) |> ignore)
    Assert.Contains("covarianceDiagonal", e.Message)
    Assert.Contains("> 0", e.Message)
    Assert.Contains("element 1", e.Message)
    let s = Assert.Throws<ShapeMismatchException>(fun () ->
        LowRankMultivariateNormal<float>(c [| 0.0; 0.0 |] [| 2 |], c [| 1.0; 1.0; 1.0 |] [| 3; 1 |], c [| 1.0; 1.0 |] [| 2 |]) |> ignore)
    Assert.Contains("[3, 1]", s.Message)
    Assert.Contains("covarianceFactor", s.Message)
    let kl = Assert.Throws<ArgumentException>(fun () ->
        Kl<float>.Divergence(
            LowRankMultivariateNormal<float>(c [| 0.0; 0.0 |] [| 2 |], c [| 1.0; 1.0 |] [| 2; 1 |], c [| 1.0; 1.0 |] [| 2 |]),
            LowRankMultivariateNormal<float>(c [| 0.0; 0.0; 0.0 |] [| 3 |], c [| 1.0; 1.0; 1.0 |] [| 3; 1 |], c [| 1.0; 1.0; 1.0 |] [| 3 |])) |> ignore)
    Assert.Contains("event sizes differ (2 and 3)", kl.Message)
    let bernoulli = Independent<float>(Bernoulli<float>(c [| 0.0; 0.0 |] [| 2 |]), 1)
    let lowRank = LowRankMultivariateNormal<float>(c [| 0.0; 0.0 |] [| 2 |], c [| 1.0; 1.0 |] [| 2; 1 |], c [| 1.0; 1.0 |] [| 2 |])
    Assert.Contains("must wrap a Normal", (Assert.Throws<ArgumentException>(fun () -> Kl<float>.Divergence(lowRank, bernoulli) |> ignore)).Message)
