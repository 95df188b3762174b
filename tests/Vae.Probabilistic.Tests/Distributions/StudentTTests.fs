module Vae.Probabilistic.Tests.Distributions.StudentTTests

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

type private MathNetStudentT = MathNet.Numerics.Distributions.StudentT
type private MathNetNormal = MathNet.Numerics.Distributions.Normal

let private studentT (tape: Tape<float>) (nu: float) (mu: float) (sigma: float) =
    StudentT<float>(constant tape [| nu |], constant tape [| mu |], constant tape [| sigma |])

let private scalar (v: Var<float>) = (values v)[0]

let private logProb (d: Distribution<float>) (x: float) = scalar (d.LogProb(vector [| x |]))

/// (ν, μ, σ): ν = e^(k/10) from 0.3 to 1100, μ on a grid of 0.01 in [−3, 3], σ = e^(s/10) in [e⁻², e²].
let private parameters =
    Gen.zip3 (Gen.choose (-12, 70)) (Gen.choose (-300, 300)) (Gen.choose (-20, 20))
    |> Gen.map (fun (k, m, s) -> exp (float k / 10.0), float m / 100.0, exp (float s / 10.0))

[<Fact>]
let ``log-density matches MathNet`` () =
    Prop.forAll (Arb.fromGen (Gen.zip parameters (Gen.choose (-1000, 1000)))) (fun ((nu, mu, sigma), x) ->
        let x = float x / 100.0
        let tape = Tape<float>()
        let expected = MathNetStudentT.PDFLn(mu, sigma, nu, x)
        // MathNet subtracts two ln Γ values of size up to 3.3e3 (ν ≤ 1100), an absolute error up to
        // about 2e-12; the implementation is accurate to about 1e-14 here.
        abs (logProb (studentT tape nu mu sigma) x - expected) < 1e-11 * (1.0 + abs expected))
    |> PropertyRunner.check 601UL 200

[<Fact>]
let ``for large df the log-density approaches the normal one at the rate of its expansion`` () =
    // log t_ν(x) − log N(x) = (z⁴ − 2z² − 1)/(4ν) + O(z⁸/ν²): checked where the O(ν⁻²) term is below
    // 1e-9 (ν = 1e6, |z| ≤ 3) and 1e-17 (ν = 1e10), in double; in float the same quantity is checked
    // against the double one at ν = 1e4 and 1e7, where subtracting ln Γ values (of size 4e4 and 8e7)
    // would have lost every digit.
    let z = [| -3.0; -1.2; 0.0; 0.4; 2.5 |]
    for nu, tolerance in [ 1e6, 1e-9; 1e10, 1e-13 ] do
        let tape = Tape<float>()
        let d = StudentT<float>(constant tape [| nu |], constant tape [| 0.5 |], constant tape [| 2.0 |])
        let lp = values (d.LogProb(vector (z |> Array.map (fun z -> 0.5 + 2.0 * z))))
        z |> Array.iteri (fun i z ->
            let expected = MathNetNormal.PDFLn(0.5, 2.0, 0.5 + 2.0 * z) + (z ** 4.0 - 2.0 * z * z - 1.0) / (4.0 * nu)
            Assert.True(abs (lp[i] - expected) < tolerance, sprintf "ν = %g, z = %g: %.17g vs %.17g" nu z lp[i] expected))
    for nu in [ 1e4; 1e7; 5.45; 5.47; 30.0; 0.8 ] do
        let tape = Tape<float>()
        let tapeF = Tape<float32>()
        let xs = z |> Array.map (fun z -> float32 (0.5 + 2.0 * z))
        let single (v: float) = tapeF.Constant(Tensor<float32>.FromArray([| float32 v |], 1))
        let f = StudentT<float32>(single nu, single 0.5, single 2.0).LogProb(Tensor<float32>.FromArray(xs, xs.Length)).Value.ToArray()
        let d = values (StudentT<float>(constant tape [| float (float32 nu) |], constant tape [| 0.5 |], constant tape [| 2.0 |]).LogProb(vector (xs |> Array.map float)))
        // A few float roundings of terms no larger than |log p| + 2: 8 ulps of that.
        Array.iter2 (fun (a: float32) e -> Assert.True(abs (float a - e) < 8.0 * 6e-8 * (2.0 + abs e), sprintf "float ν = %g: %.9g vs %.17g" nu a e)) f d

[<Fact>]
let ``density integrates to one and entropy matches quadrature`` () =
    // x = μ + σ tan θ maps the real line onto (−π/2, π/2); the integrand p(x) σ sec²θ behaves like
    // cos^(ν−1) θ at the ends, bounded for ν ≥ 1.
    for nu in [ 1.0; 1.5; 3.0; 10.0; 40.0; 200.0 ] do
        let tape = Tape<float>()
        let mu, sigma = 0.3, 1.7
        let d = studentT tape nu mu sigma
        let logpAt theta = logProb d (mu + sigma * tan theta)
        let jacobian theta = sigma / (cos theta ** 2.0)
        let half = Math.PI / 2.0
        let total = integrate (fun t -> exp (logpAt t) * jacobian t) -half half
        Assert.True(abs (total - 1.0) < 1e-10, sprintf "ν = %g: ∫p = %.15g" nu total)
        let entropy = integrate (fun t -> -exp (logpAt t) * logpAt t * jacobian t) -half half
        let h = scalar (d.Entropy())
        Assert.True(abs (h - entropy) < 1e-9, sprintf "ν = %g: entropy %.15g, quadrature %.15g" nu h entropy)
    // ν → ∞: the normal entropy ½ log(2πe σ²), approached as 1/ν.
    let tape = Tape<float>()
    Assert.Equal(0.5 * log (2.0 * Math.PI * Math.E * 1.7 * 1.7), scalar ((studentT tape 1e12 0.0 1.7).Entropy()), 11)

[<Fact>]
let ``mean and variance follow the conventions for small df and match sample moments`` () =
    let tape = Tape<float>()
    let d = StudentT<float>(constant tape [| 0.5; 1.5; 5.0 |], constant tape [| 1.0; 1.0; 1.0 |], constant tape [| 2.0; 2.0; 2.0 |])
    let mean, variance = values d.Mean, values d.Variance
    Assert.True(Double.IsNaN mean[0] && mean[1] = 1.0 && mean[2] = 1.0)
    Assert.True(Double.IsNaN variance[0] && Double.IsPositiveInfinity variance[1])
    Assert.Equal(4.0 * 5.0 / 3.0, variance[2], 14)
    let g = gradients (fun p -> Ops.Sum(StudentT<float>(p[0], p[1], p[2]).Variance)) [| vector [| 0.5; 1.5; 5.0 |]; vector [| 1.0; 1.0; 1.0 |]; vector [| 2.0; 2.0; 2.0 |] |]
    // d/dν σ²ν/(ν − 2) = −2σ²/(ν − 2)² = −8/9 and d/dσ = 2σν/(ν − 2) = 20/3 for ν = 5; 0 where the branch is constant.
    Array.iter2 (fun e a -> Assert.True(abs (a - e) < 1e-14 * (1.0 + abs e), sprintf "%.17g vs %.17g" a e))
        [| 0.0; 0.0; -8.0 / 9.0; 0.0; 0.0; 20.0 / 3.0 |] (Array.append g[0] g[2])
    // Sample moments for ν = 10 (finite eighth moment, so the variance's standard error is estimable).
    let t = studentT tape 10.0 -0.7 1.3
    let draws = (t.Rsample(Rng.Create 29UL, 100000)).Value.ToArray()
    assertMomentsMatch draws -0.7 (1.3 * 1.3 * 10.0 / 8.0)
    // −E[log p(X)] is the entropy (Monte Carlo within 5 standard errors).
    assertWithinFiveStandardErrors "entropy" (scalar (t.Entropy())) (values (t.LogProb(vector draws)) |> Array.map (fun v -> -v))

[<Fact>]
let ``heavy-tailed samples follow MathNet's CDF`` () =
    for nu in [ 0.7; 1.5; 4.0 ] do
        let tape = Tape<float>()
        let d = studentT tape nu 2.0 0.5
        let rng = Rng.Create 31UL
        let n = 40000
        let draws = Array.init n (fun _ -> (d.Sample rng).[0])
        for x in [ -10.0; 0.0; 1.5; 2.0; 2.4; 3.0; 40.0 ] do
            let f = MathNetStudentT.CDF(2.0, 0.5, nu, x)
            let frequency = draws |> Array.averageBy (fun v -> if v <= x then 1.0 else 0.0)
            // 5 binomial standard errors √(F(1 − F)/n).
            Assert.True(abs (frequency - f) < 5.0 * sqrt (f * (1.0 - f) / float n), sprintf "ν = %g: F(%g) = %g, frequency %g" nu x f frequency)

[<Fact>]
let ``gradients in df, loc and scale match finite differences on both sides of the series cut-off`` () =
    // ν/2 = 17.0 is the double cut-off: 33.9 and 34.1 sit on either side.
    let df = vector [| 0.4; 2.5; 33.9; 34.1; 300.0 |]
    let loc = vector [| 0.1; -0.3; 0.7; 0.0; 1.2 |]
    let scale = vector [| 0.8; 1.5; 0.6; 2.0; 1.1 |]
    let x = vector [| 0.5; 2.0; -1.0; 0.3; 4.0 |]
    assertGradientMatchesFiniteDifferences (fun p ->
        let d = StudentT<float>(p[0], p[1], p[2])
        Ops.Sum(d.LogProb(p[0].Tape.Constant x) + d.Entropy())) [| df; loc; scale |]
    assertGradientMatchesFiniteDifferences (fun p ->
        let t = StudentT<float>(p[0].Tape.Constant(vector [| 3.0; 7.0 |]), p[0], p[1])
        let s = t.Rsample(Rng.Create 5UL)
        Ops.Sum(s * s)) [| vector [| 0.2; -0.4 |]; vector [| 1.3; 0.6 |] |]

[<Fact>]
let ``the sampler refuses a df that requires a gradient`` () =
    let df = vector [| 3.0 |]
    let tape = Tape<float>()
    let d = StudentT<float>(tape.Param df, constant tape [| 0.0 |], constant tape [| 1.0 |])
    Assert.False(d.HasRsample)
    let e = Assert.Throws<NotSupportedException>(fun () -> d.Rsample(Rng.Create 1UL) |> ignore)
    Assert.Contains("df", e.Message)
    // Monte Carlo KL falls back to plain draws: KL(t₃(0, 1) ‖ N(0, 1)) by quadrature, as a check of
    // the sampler and the log-density together.
    let q = Normal<float>(constant tape [| 0.0 |], constant tape [| 1.0 |])
    let quad =
        integrate (fun t ->
            let x = tan t
            let lp = MathNetStudentT.PDFLn(0.0, 1.0, 3.0, x)
            exp lp * (lp - MathNetNormal.PDFLn(0.0, 1.0, x)) / (cos t ** 2.0)) (-Math.PI / 2.0) (Math.PI / 2.0)
    let rng = Rng.Create 37UL
    let draws = Array.init 100000 (fun _ -> (d.Sample rng).[0])
    assertWithinFiveStandardErrors "KL(t‖N)" quad (draws |> Array.map (fun x -> MathNetStudentT.PDFLn(0.0, 1.0, 3.0, x) - MathNetNormal.PDFLn(0.0, 1.0, x)))
    Assert.True(Double.IsFinite(scalar (Kl<float>.MonteCarlo(d, q, Rng.Create 2UL, 100))))

[<Fact>]
let ``a Masked likelihood with an undefined mean fills missing entries with loc`` () =
    // ν = 0.5: the mean is NaN, so the fill value must be the location for values and gradients to stay finite.
    let mask = Tensor<float>.FromArray([| 1.0; 0.0; 1.0 |], 3)
    let x = vector [| 0.2; nan; -1.0 |]
    let f (p: Collections.Generic.IReadOnlyList<Var<float>>) =
        Masked<float>(StudentT<float>(p[0], p[1], p[2]), mask).LogProb(p[0].Tape.Constant x)
    let parameters = [| vector [| 0.5; 0.5; 0.5 |]; vector [| 0.0; 0.0; 0.0 |]; vector [| 1.0; 1.0; 1.0 |] |]
    let tape = Tape<float>()
    let expected = MathNetStudentT.PDFLn(0.0, 1.0, 0.5, 0.2) + MathNetStudentT.PDFLn(0.0, 1.0, 0.5, -1.0)
    Assert.Equal(expected, scalar (f [| for p in parameters -> tape.Constant p |]), 12)
    let g = gradients f parameters
    assertFinite "gradient" (Array.concat g)
    Assert.Equal<float[]>([| 0.0; 0.0; 0.0 |], [| g[0][1]; g[1][1]; g[2][1] |])

[<Fact>]
let ``extreme scales and degrees of freedom give finite values and finite gradients`` () =
    // float64: σ = 1e-30 and 1e6, ν from 1e-3 to 1e30.
    let df = vector [| 3.0; 3.0; 1e-3; 1e30 |]
    let loc = vector [| 0.0; 0.0; 0.0; 0.0 |]
    let scale = vector [| 1e-30; 1e6; 1.0; 1.0 |]
    let x = vector [| 1.0; 1.0; 1e3; 0.5 |]
    let tape = Tape<float>()
    let lp = values (StudentT<float>(tape.Constant df, tape.Constant loc, tape.Constant scale).LogProb x)
    Array.iteri (fun i e -> Assert.True(abs (lp[i] - e) <= 1e-12 * (1.0 + abs e), sprintf "%d: %.17g vs %.17g" i lp[i] e))
        [| MathNetStudentT.PDFLn(0.0, 1e-30, 3.0, 1.0); MathNetStudentT.PDFLn(0.0, 1e6, 3.0, 1.0)
           MathNetStudentT.PDFLn(0.0, 1.0, 1e-3, 1e3); MathNetNormal.PDFLn(0.0, 1.0, 0.5) |]
    let g = gradients (fun p ->
        let d = StudentT<float>(p[0], p[1], p[2])
        Ops.Sum(d.LogProb(p[0].Tape.Constant x) + d.Entropy())) [| df; loc; scale |]
    assertFinite "gradient" (Array.concat g)
    // float32: σ = 1e-6 and 1e6.
    let tapeF = Tape<float32>()
    let single (v: float32[]) = tapeF.Constant(Tensor<float32>.FromArray(v, v.Length))
    let f = StudentT<float32>(single [| 3.0f; 3.0f |], single [| 0.0f; 0.0f |], single [| 1e-6f; 1e6f |])
    let lpf = f.LogProb(Tensor<float32>.FromArray([| 1e-6f; 1.0f |], 2)).Value.ToArray()
    Assert.True(abs (float lpf[0] - MathNetStudentT.PDFLn(0.0, 1e-6, 3.0, 1e-6)) < 1e-5 && abs (float lpf[1] - MathNetStudentT.PDFLn(0.0, 1e6, 3.0, 1.0)) < 1e-5)
    assertFiniteSingle "float entropy" (f.Entropy().Value.ToArray())

[<Fact>]
let ``invalid parameters are refused with the parameter and the rule named`` () =
    let tape = Tape<float>()
    for bad in [ 0.0; -2.0; nan ] do
        let e = Assert.Throws<ArgumentException>(fun () -> studentT tape bad 0.0 1.0 |> ignore)
        Assert.Contains("df", e.Message)
        Assert.Contains("> 0", e.Message)
    let e = Assert.Throws<ArgumentException>(fun () -> studentT tape 3.0 0.0 -1.0 |> ignore)
    Assert.Contains("scale", e.Message)
    let e = Assert.Throws<ArgumentException>(fun () -> studentT tape 3.0 infinity 1.0 |> ignore)
    Assert.Contains("loc", e.Message)
    Assert.Contains("finite", e.Message)
