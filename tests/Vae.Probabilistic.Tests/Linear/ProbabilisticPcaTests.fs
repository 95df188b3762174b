/// Probabilistic PCA as the exact oracle for masked ELBOs: the ELBO identity
/// log p(x_o) = ELBO(q) + KL(q ‖ p(z | x_o)) in closed form, the marginal against quadrature, the
/// maximum-likelihood fit, and the library's composable distributions against the closed form.
module Vae.Probabilistic.Tests.Linear.ProbabilisticPcaTests

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

type MathNetNormal = MathNet.Numerics.Distributions.Normal

let private uniform low high =
    Gen.choose (0, 1 <<< 20) |> Gen.map (fun k -> low + (high - low) * float k / float (1 <<< 20))

/// A model (D ≤ 6, q < D, q ≤ 3), a point x drawn near the model, and a mask with at least one observed coordinate.
type private Case = { Model: ProbabilisticPca; X: Vector<float>; Observed: bool[] }

let private modelGen (latent: int option) =
    gen {
        let! dim = Gen.choose (2, 6)
        let! q = match latent with Some q -> Gen.constant q | None -> Gen.choose (1, min 3 (dim - 1))
        let! w = Gen.arrayOfLength (dim * q) (uniform -1.5 1.5)
        let! mu = Gen.arrayOfLength dim (uniform -1.0 1.0)
        let! logNoise = uniform (log 0.05) (log 1.0)
        return ProbabilisticPca(matrix w dim q, Vector<float>.Build.DenseOfArray mu, exp logNoise)
    }

let private caseGen latent =
    gen {
        let! model = modelGen latent
        let dim = model.DataDimension
        let! z = Gen.arrayOfLength model.LatentDimension (uniform -2.0 2.0)
        let! noise = Gen.arrayOfLength dim (uniform -2.0 2.0)
        let! observed = Gen.arrayOfLength dim (Gen.elements [ false; true ])
        let! forced = Gen.choose (0, dim - 1)
        let x = model.Loading * Vector<float>.Build.DenseOfArray z + model.Mean + Vector<float>.Build.DenseOfArray noise * sqrt model.NoiseVariance
        // Missing entries hold NaN: the oracle must never read them.
        let x = Vector<float>.Build.Dense(dim, fun i -> if observed[i] || i = forced then x[i] else nan)
        return { Model = model; X = x; Observed = Array.init dim (fun i -> observed[i] || i = forced) }
    }

[<Fact>]
let ``with q the exact posterior the masked ELBO equals the exact log marginal`` () =
    Prop.forAll (Arb.fromGen (caseGen None)) (fun c ->
        let posterior = c.Model.Posterior(c.X, c.Observed)
        let elbo = c.Model.MaskedElbo(c.X, c.Observed, posterior)
        let exact = c.Model.LogMarginal(c.X, c.Observed)
        // Two O(10) closed forms in double with cond(M) ≤ ~200: 1e-9 absolute.
        abs (elbo - exact) < 1e-9)
    |> PropertyRunner.check 1001UL 100

[<Fact>]
let ``with any other Gaussian q the masked ELBO is lower by exactly KL(q ‖ exact posterior)`` () =
    let qGen latent =
        gen {
            let! m = Gen.arrayOfLength latent (uniform -2.0 2.0)
            let! b = Gen.arrayOfLength (latent * latent) (uniform -1.0 1.0)
            return m, b
        }
    let case = gen { let! c = caseGen None in let! q = qGen c.Model.LatentDimension in return c, q }
    Prop.forAll (Arb.fromGen case) (fun (c, (m, b)) ->
        let latent = c.Model.LatentDimension
        let factor = matrix b latent latent
        let q = DenseGaussian(Vector<float>.Build.DenseOfArray m, factor * factor.Transpose() + Matrix<float>.Build.DenseIdentity latent * 0.1)
        let gap = c.Model.LogMarginal(c.X, c.Observed) - c.Model.MaskedElbo(c.X, c.Observed, q)
        let kl = DenseGaussian.KullbackLeibler(q, c.Model.Posterior(c.X, c.Observed))
        // The identity log p(x_o) − ELBO(q) = KL(q ‖ p(z | x_o)) holds exactly; both sides are O(10) closed forms.
        gap > 0.0 && abs (gap - kl) < 1e-9 * (1.0 + kl))
    |> PropertyRunner.check 1002UL 100

[<Fact>]
let ``the exact log marginal equals quadrature over a one-dimensional latent`` () =
    Prop.forAll (Arb.fromGen (caseGen (Some 1))) (fun c ->
        let m = c.Model
        let observed = [| for i in 0 .. m.DataDimension - 1 do if c.Observed[i] then i |]
        let logJoint z =
            MathNetNormal.PDFLn(0.0, 1.0, z)
            + Array.sumBy (fun i -> MathNetNormal.PDFLn(m.Loading[i, 0] * z + m.Mean[i], sqrt m.NoiseVariance, c.X[i])) observed
        // Shift by the largest log integrand on a fine grid so the integrand is O(1) at its peak.
        let shift = Array.max (Array.init 4801 (fun k -> logJoint (-12.0 + 0.005 * float k)))
        let integral = integrate (fun z -> exp (logJoint z - shift)) -12.0 12.0
        let expected = shift + log integral
        // Adaptive Gauss–Kronrod to 1e-12 relative; the prior makes |z| > 12 negligible (< e^-72).
        abs (m.LogMarginal(c.X, c.Observed) - expected) < 1e-9 * (1.0 + abs expected))
    |> PropertyRunner.check 1003UL 50

/// N rows drawn from a fixed PPCA model (D = 5, q = 2) with a seeded generator.
let private data n =
    let rng = Rng.Create 77UL
    let w = matrix [| 1.2; 0.0; -0.5; 0.9; 0.3; -1.1; 0.8; 0.4; 0.0; 0.6 |] 5 2
    let mu = Vector<float>.Build.DenseOfArray [| 0.5; -1.0; 0.0; 2.0; 0.3 |]
    Matrix<float>.Build.DenseOfRowVectors(
        Array.init n (fun _ ->
            let z = Vector<float>.Build.Dense(2, fun _ -> rng.NextNormal())
            w * z + mu + Vector<float>.Build.Dense(5, fun _ -> 0.4 * rng.NextNormal())))

[<Fact>]
let ``the maximum-likelihood fit has the closed-form likelihood and beats every perturbation`` () =
    let x = data 400
    let n, d, q = float x.RowCount, 5, 2
    let fit = ProbabilisticPca.FitMaximumLikelihood(x, q)
    // Eigenvalues of the sample covariance, computed here independently, in decreasing order.
    let mean = x.ColumnSums() / n
    let centred = x - Matrix<float>.Build.Dense(x.RowCount, d, fun _ j -> mean[j])
    let lambda = (centred.TransposeThisAndMultiply(centred) / n).Evd().EigenValues |> Seq.map (fun c -> c.Real) |> Seq.sortDescending |> Array.ofSeq
    let sigma2 = Array.average lambda[q ..]
    Assert.Equal(sigma2, fit.NoiseVariance, 12)
    // Tipping and Bishop (1999), eq. (15) at the maximum: −(N/2)(D log 2π + Σ_{j≤q} log λⱼ + (D − q) log σ² + D).
    let closedForm = -n / 2.0 * (float d * log (2.0 * Math.PI) + Array.sumBy log lambda[.. q - 1] + float (d - q) * log sigma2 + float d)
    let best = fit.LogLikelihood x
    // Sums of 400 O(10) terms in double: 1e-9 relative.
    Assert.True(abs (best - closedForm) < 1e-9 * abs closedForm, sprintf "%.17g vs %.17g" best closedForm)
    // W is determined up to a rotation: W R has the same likelihood.
    let angle = 0.7
    let rotation = Matrix<float>.Build.DenseOfArray(array2D [ [ cos angle; -sin angle ]; [ sin angle; cos angle ] ])
    Assert.True(abs (ProbabilisticPca(fit.Loading * rotation, fit.Mean, fit.NoiseVariance).LogLikelihood x - best) < 1e-9 * abs best)
    // Any perturbation of W, σ² or μ lowers the likelihood: it is the (global) maximum.
    let rng = Rng.Create 5UL
    for size in [ 1e-3; 1e-2; 1e-1 ] do
        for _ in 1 .. 5 do
            let direction = Matrix<float>.Build.Dense(d, q, fun _ _ -> rng.NextNormal())
            let shift = Vector<float>.Build.Dense(d, fun _ -> rng.NextNormal())
            for model in
                [ ProbabilisticPca(fit.Loading + direction * size, fit.Mean, fit.NoiseVariance)
                  ProbabilisticPca(fit.Loading, fit.Mean + shift * size, fit.NoiseVariance)
                  ProbabilisticPca(fit.Loading, fit.Mean, fit.NoiseVariance * (1.0 + size))
                  ProbabilisticPca(fit.Loading, fit.Mean, fit.NoiseVariance * (1.0 - size)) ] do
                let perturbed = model.LogLikelihood x
                Assert.True(perturbed < best, sprintf "perturbation %g: %.17g >= %.17g" size perturbed best)

/// The model and masked point shared by the two library-composition tests (D = 4, q = 2, coordinate 1 missing).
let private libraryCase () =
    let model = ProbabilisticPca(matrix [| 1.0; 0.3; -0.6; 0.8; 0.2; -1.1; 0.7; 0.5 |] 4 2, Vector<float>.Build.DenseOfArray [| 0.2; -0.4; 1.0; 0.0 |], 0.3)
    let observed = [| true; false; true; true |]
    let x = Vector<float>.Build.DenseOfArray [| 1.1; nan; -0.2; 0.9 |]
    model, observed, x

/// log p(x_o | z) for S latent draws [S, 2], with the library's Normal and Masked (NaN in the missing coordinate).
let private maskedLikelihood (tape: Tape<float>) (model: ProbabilisticPca) (observed: bool[]) (x: Vector<float>) (z: Var<float>) =
    let s = z.Shape[0]
    let w = tape.Constant(tensor (model.Loading.ToRowMajorArray()) [| 4; 2 |])
    let mean = Ops.MatMul(z, w, transposeB = true) + tape.Constant(vector (model.Mean.ToArray()))
    let scale = tape.Constant(vector (Array.create 4 (sqrt model.NoiseVariance)))
    let mask = vector (observed |> Array.map (fun o -> if o then 1.0 else 0.0))
    let points = tensor (Array.init (4 * s) (fun i -> x[i % 4])) [| s; 4 |]
    Masked<float>(Normal<float>(mean, scale), mask).LogProb(points)

let private standardNormal (tape: Tape<float>) =
    Independent<float>(Normal<float>(tape.Constant(vector [| 0.0; 0.0 |]), tape.Constant(vector [| 1.0; 1.0 |])), 1)

[<Fact>]
let ``the ELBO from Normal, Independent, Masked and the KL registry matches the closed form within Monte Carlo error`` () =
    let model, observed, x = libraryCase ()
    let m, s = [| 0.4; -0.3 |], [| 0.6; 0.35 |]
    let tape = Tape<float>()
    let q = Independent<float>(Normal<float>(constant tape m, constant tape s), 1)
    // 2e5 draws: standard error ≈ 0.008, so 5 of them (0.04) resolve a 3% error in the expected log-likelihood's trace term.
    let n = 200000
    let logLikelihood = values (maskedLikelihood tape model observed x (q.Rsample(Rng.Create 91UL, n)))
    let expected, se = meanAndStandardError logLikelihood
    let kl = (values (Kl<float>.Divergence(q, standardNormal tape))).[0]
    let closed = DenseGaussian(Vector<float>.Build.DenseOfArray m, Matrix<float>.Build.DenseOfDiagonalArray(s |> Array.map (fun v -> v * v)))
    let elbo = model.MaskedElbo(x, observed, closed)
    // The analytic KL is exact (to rounding), so only the expected log-likelihood carries Monte Carlo error.
    Assert.Equal(DenseGaussian.KullbackLeibler(closed, DenseGaussian.Standard 2), kl, 12)
    // 5 standard errors: a false alarm has probability < 1e-6.
    Assert.True(abs (expected - kl - elbo) < 5.0 * se, sprintf "MC ELBO %g ± %g vs closed form %g" (expected - kl) se elbo)
    Assert.True(elbo < model.LogMarginal(x, observed))

[<Fact>]
let ``with the exact posterior as a LowRankMultivariateNormal every Monte Carlo ELBO term is the exact log marginal`` () =
    let model, observed, x = libraryCase ()
    let posterior = model.Posterior(x, observed)
    // Σ = (Σ − cI) + cI with c below the smallest eigenvalue: W = chol(Σ − cI) (K = 2), d = c, exactly Σ.
    let c = 0.5 * (posterior.Covariance.Evd().EigenValues |> Seq.map (fun e -> e.Real) |> Seq.min)
    let factor = (posterior.Covariance - Matrix<float>.Build.DenseIdentity 2 * c).Cholesky().Factor
    let tape = Tape<float>()
    let q =
        LowRankMultivariateNormal<float>(
            constant tape (posterior.Mean.ToArray()), tape.Constant(tensor (factor.ToRowMajorArray()) [| 2; 2 |]), constant tape [| c; c |])
    let n = 2000
    let z = q.Rsample(Rng.Create 93UL, n)
    let terms = values (maskedLikelihood tape model observed x z + standardNormal(tape).LogProb(z) - q.LogProb(z))
    let exact = model.LogMarginal(x, observed)
    // log p(x_o | z) + log p(z) − log q(z) = log p(x_o) for every z when q is the posterior: zero variance.
    // Each term is three O(10) log-densities in double: 1e-9 absolute.
    for t in terms do Assert.True(abs (t - exact) < 1e-9, sprintf "term %.17g vs log marginal %.17g" t exact)
    // The same ELBO with the analytic KL(LowRankMVN ‖ Independent Normal) from the registry.
    let logLikelihood = values (maskedLikelihood tape model observed x z)
    let expected, se = meanAndStandardError logLikelihood
    let kl = (values (Kl<float>.Divergence(q, standardNormal tape))).[0]
    Assert.Equal(DenseGaussian.KullbackLeibler(posterior, DenseGaussian.Standard 2), kl, 10)
    Assert.True(abs (expected - kl - exact) < 5.0 * se, sprintf "MC ELBO %g ± %g vs log marginal %g" (expected - kl) se exact)

[<Fact>]
let ``masks and parameters outside their domain are refused`` () =
    let model, _, x = libraryCase ()
    Assert.Contains("observes no coordinate", (Assert.Throws<ArgumentException>(fun () -> model.LogMarginal(x, Array.create 4 false) |> ignore)).Message)
    Assert.Contains("has 3 entries; expected 4", (Assert.Throws<ArgumentException>(fun () -> model.LogMarginal(x, Array.create 3 true) |> ignore)).Message)
    Assert.Contains("finite", (Assert.Throws<ArgumentException>(fun () -> model.LogMarginal(x, Array.create 4 true) |> ignore)).Message)
    Assert.Contains("noise variance", (Assert.Throws<ArgumentException>(fun () -> ProbabilisticPca(model.Loading, model.Mean, 0.0) |> ignore)).Message)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> ProbabilisticPca.FitMaximumLikelihood(data 10, 5) |> ignore) |> ignore
