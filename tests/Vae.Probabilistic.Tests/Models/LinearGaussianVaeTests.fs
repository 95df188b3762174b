/// The linear-Gaussian VAE against probabilistic PCA (Tipping and Bishop, 1999): its analytic ELBO
/// against the closed-form oracle and against the Monte Carlo ELBO, and, trained on the standardised
/// breast-cancer table (569 × 30), its bound against the maximum pPCA log-likelihood, its noise
/// variance, encoder and loading against the closed-form solution (Lucas et al., 2019).
module Vae.Probabilistic.Tests.Models.LinearGaussianVaeTests

open System
open Xunit
open MathNet.Numerics.LinearAlgebra
open Vae.Core.Autodiff
open Vae.Core.Data
open Vae.Core.Nn
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Core.Training
open Vae.Probabilistic.Linear
open Vae.Probabilistic.Models
open Vae.Probabilistic.Objectives

// ---------------------------------------------------------------------------------------------
// Helpers: independent float64 references built from the raw parameter tensors with MathNet.

/// Every parameter drawn afresh: weights and biases N(0, 0.5²), the encoder's log-variances
/// U(−2, 0.5) and log σ² U(−1, 0.5), so q is far from the prior and the trace term is not small.
let private randomise (model: LinearGaussianVae<float>) (seed: uint64) =
    let rng = Rng.Create seed
    for p in model.Parameters do
        let span = p.Value.Span
        match p.Name with
        | "encoder.logvar" -> for i in 0 .. span.Length - 1 do span[i] <- -2.0 + 2.5 * rng.NextDouble()
        | "likelihood.logvar" -> span[0] <- -1.0 + 1.5 * rng.NextDouble()
        | _ -> for i in 0 .. span.Length - 1 do span[i] <- 0.5 * rng.NextNormal()

/// A parameter tensor by its name.
let private parameter (model: LinearGaussianVae<float>) (name: string) : Tensor<float> = ParameterSet<float>(model)[name]

/// The generative model read directly off the tensors: W[i, j] = decoder.weight[j, i] (Wᵀ is stored), μ, σ².
let private oracle (model: LinearGaussianVae<float>) =
    let d, q = model.InputSize, model.LatentSize
    let weight, bias = parameter model "decoder.weight", parameter model "decoder.bias"
    ProbabilisticPca(
        Matrix<float>.Build.Dense(d, q, fun i j -> weight[j, i]),
        Vector<float>.Build.Dense(d, fun i -> bias[i]),
        exp (parameter model "likelihood.logvar").[0])

/// q(z | x) = N(A x + a, diag exp s) read off the tensors (missing entries of x read as 0): Aᵀ = encoder.weight.
let private encoderGaussian (model: LinearGaussianVae<float>) (x: Vector<float>) (observed: bool[]) =
    let d, q = model.InputSize, model.LatentSize
    let weight, bias, logVariance = parameter model "encoder.weight", parameter model "encoder.bias", parameter model "encoder.logvar"
    let mean = Vector<float>.Build.Dense(q, fun j -> bias[j] + Seq.sum [ for i in 0 .. d - 1 do if observed[i] then x[i] * weight[i, j] ])
    DenseGaussian(mean, Matrix<float>.Build.DenseOfDiagonalArray(Array.init q (fun j -> exp logVariance[j])))

let private scalar (v: Var<float>) = v.Value.ToScalar()

/// Rows × D uniform(−2, 2) data with each entry missing (NaN, mask 0) with probability ⅓, keeping
/// at least one observed coordinate per row.
let private maskedData rows d (seed: uint64) =
    let rng = Rng.Create seed
    let x = Tensor<float>.Zeros(rows, d)
    let mask = Tensor<float>.Zeros(rows, d)
    for r in 0 .. rows - 1 do
        for i in 0 .. d - 1 do
            let observed = i = r % d || rng.NextDouble() > 1.0 / 3.0
            mask[r, i] <- if observed then 1.0 else 0.0
            x[r, i] <- if observed then -2.0 + 4.0 * rng.NextDouble() else nan
    x, mask

let private row (x: Tensor<float>) r = Vector<float>.Build.Dense(x.Shape[1], fun i -> x[r, i])

let private observedRow (mask: Tensor<float>) r = Array.init mask.Shape[1] (fun i -> mask[r, i] = 1.0)

/// The standardised breast-cancer table as a tensor and as a MathNet matrix.
let private breastCancer =
    lazy
        (let raw = BreastCancer.Load<float>()
         let x = Standardizer.Fit(raw).Apply(raw).Features
         x, Matrix<float>.Build.Dense(x.Shape[0], x.Shape[1], fun i j -> x[i, j]))

// ---------------------------------------------------------------------------------------------
// The analytic ELBO.

[<Fact>]
let ``the analytic ELBO of every row equals the closed-form pPCA ELBO, with and without missing entries`` () =
    let model = LinearGaussianVae<float>(6, 3, Rng.Create 1UL)
    randomise model 2UL
    let x, mask = maskedData 8 6 3UL
    let reference = oracle model
    let learned = model.ToProbabilisticPca()
    Assert.True((learned.Loading - reference.Loading).L2Norm() = 0.0 && (learned.Mean - reference.Mean).L2Norm() = 0.0)
    Assert.Equal(reference.NoiseVariance, learned.NoiseVariance)
    let complete = Tensor<float>.Zeros(8, 6)
    for r in 0 .. 7 do for i in 0 .. 5 do complete[r, i] <- if mask[r, i] = 1.0 then x[r, i] else 0.5 * float (i - r)
    let all = Array.create 6 true
    for data, m in [ complete, None; x, Some mask ] do
        let rows = [| 0 .. 7 |] |> Array.map (fun r -> row data r, (match m with Some mk -> observedRow mk r | None -> all))
        for r in 0 .. 7 do
            let xr, observed = rows[r]
            let one = Tensor<float>.FromArray(xr.ToArray(), 1, 6)
            let oneMask = m |> Option.map (fun mk -> Tensor<float>.FromArray(Array.init 6 (fun i -> mk[r, i]), 1, 6))
            let terms = model.ExactElbo(Tape<float>().Constant one, Option.toObj oneMask)
            let q = encoderGaussian model xr observed
            let kl = DenseGaussian.KullbackLeibler(q, DenseGaussian.Standard 3)
            // Both sides are O(10) closed forms in double (the oracle by Cholesky): 1e-10 relative.
            let close expected actual = abs (expected - actual) <= 1e-10 * (1.0 + abs expected)
            Assert.True(close (reference.ExpectedLogLikelihood(xr, observed, q)) (scalar terms.Reconstruction), sprintf "row %d reconstruction" r)
            Assert.True(close kl (scalar terms.Kl), sprintf "row %d KL" r)
            Assert.True(close (reference.MaskedElbo(xr, observed, q)) (scalar terms.Elbo), sprintf "row %d ELBO" r)
            Assert.Equal(scalar terms.Elbo, scalar terms.Objective)
        // The batch value is the mean over the rows.
        let batch = scalar (model.ExactElbo(Tape<float>().Constant data, Option.toObj m)).Elbo
        let expected = rows |> Array.averageBy (fun (xr, observed) -> reference.MaskedElbo(xr, observed, encoderGaussian model xr observed))
        Assert.True(abs (batch - expected) <= 1e-10 * (1.0 + abs expected), sprintf "batch %.17g vs %.17g" batch expected)

[<Fact>]
let ``gradients of the analytic ELBO match finite differences, NaN in missing entries included`` () =
    let model = LinearGaussianVae<float>(4, 2, Rng.Create 4UL)
    randomise model 5UL
    let x, mask = maskedData 5 4 6UL
    // A NaN gradient fails the comparison as well (NaN <= tolerance is false).
    Vae.Probabilistic.Tests.ModelGradients.assertGradient model (fun t -> (model.ExactElbo(t.Constant x, mask)).Loss)

[<Fact>]
let ``the Monte Carlo ELBO agrees with the analytic ELBO within its standard error, with and without a mask`` () =
    let x, _ = breastCancer.Force()
    let model = LinearGaussianVae<float>(30, 5, Rng.Create 7UL)
    randomise model 8UL
    let rng = Rng.Create 9UL
    let mask = Tensor<float>(x.Shape)
    for r in 0 .. x.Shape[0] - 1 do
        for i in 0 .. 29 do mask[r, i] <- if i = r % 30 || rng.NextDouble() > 0.3 then 1.0 else 0.0
    let withNaN = x.Clone()
    for k in 0 .. x.Size - 1 do if mask[k] = 0.0 then withNaN[k] <- nan
    // tr(W_o S W_oᵀ) / (2σ²) averaged over the rows: the part of the expected log-likelihood that only the
    // spread of the sampled z reproduces, so the check must resolve it.
    let w, s = model.Decoder.Weight, Array.init 5 (fun j -> exp model.EncoderLogVariance[j])
    let spread = Array.init 30 (fun i -> Seq.sum [ for j in 0 .. 4 -> w[j, i] ** 2.0 * s[j] ] / (2.0 * exp model.NoiseLogVariance[0]))
    let traceTerm observed = Seq.average [ for r in 0 .. x.Shape[0] - 1 -> Seq.sum [ for i in 0 .. 29 do if observed r i then spread[i] ] ]
    for data, m in [ x, None; withNaN, Some mask ] do
        let trace = traceTerm (fun r i -> match m with Some mk -> mk[r, i] = 1.0 | None -> true)
        let exact = model.ExactElbo(Tape<float>().Constant data, Option.toObj m)
        // 100 independent single-sample estimates, each averaged over the 569 rows.
        let draws =
            Array.init 100 (fun k ->
                let terms = Elbo.Evaluate(model, Tape<float>().Constant data, Rng.Create(100UL + uint64 k), mask = Option.toObj m)
                // The KL is analytic on both sides (the registry's Independent Normal pair vs the closed form).
                Assert.True(abs (scalar terms.Kl - scalar exact.Kl) <= 1e-12 * scalar exact.Kl)
                scalar terms.Elbo)
        let mean = Array.average draws
        // The standard error of the mean of 100 draws: the sample variance (divisor 99) over 100.
        let se = sqrt (Array.sumBy (fun v -> (v - mean) ** 2.0) draws / 99.0 / 100.0)
        // Power: the trace term is over 50 standard errors, so dropping or mis-scaling it would be seen.
        Assert.True(trace > 50.0 * se, sprintf "trace term %g vs standard error %g" trace se)
        // 5 standard errors: a false alarm has probability < 1e-6 (the mean of 100 draws is close to normal).
        let report = sprintf "Monte Carlo %.6f ± %.6f vs analytic %.6f" mean se (scalar exact.Elbo)
        Assert.True(abs (mean - scalar exact.Elbo) < 5.0 * se, report)

[<Fact>]
let ``shapes and sizes outside the model are refused`` () =
    let model = LinearGaussianVae<float>(4, 2, Rng.Create 10UL)
    let tape = Tape<float>()
    let e = Assert.Throws<ArgumentException>(fun () -> model.ExactElbo(tape.Constant(Tensor<float>.Zeros(3, 5))) |> ignore)
    Assert.Contains("must have shape [batch, 4]; got [3, 5]", e.Message)
    let e = Assert.Throws<ArgumentException>(fun () -> model.ExactElbo(tape.Constant(Tensor<float>.Zeros(3, 4)), Tensor<float>.Zeros(2, 4)) |> ignore)
    Assert.Contains("the mask must have x's shape", e.Message)
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> LinearGaussianVae<float>(4, 0, Rng.Create 1UL) |> ignore) |> ignore
    Assert.Throws<ArgumentOutOfRangeException>(fun () -> LinearGaussianVae<float>(0, 2, Rng.Create 1UL) |> ignore) |> ignore
    let names = model.Parameters |> Seq.map (fun p -> p.Name) |> List.ofSeq
    Assert.Equal<string list>([ "encoder.weight"; "encoder.bias"; "encoder.logvar"; "decoder.weight"; "decoder.bias"; "likelihood.logvar" ], names)

// ---------------------------------------------------------------------------------------------
// Trained on the standardised breast-cancer table.
//
// Full-batch Adam on the analytic ELBO (its exact gradient), 10 000 steps with the learning rate
// decayed from 0.05 to 0 on a cosine schedule, through the library's Trainer. Measured over six
// initialisation seeds (this file uses seed 1; its values in brackets), the optimiser reaches:
//   ELBO gap (max log-likelihood − ELBO)     q = 2: ≤ 1.1e-6 (1.6e-7)    q = 5: ≤ 2.7e-6 (2.4e-6) nats per example
//   likelihood deficit (max − log p_θ(x))   ≤ 6.2e-11 (q = 2: 2.0e-12, q = 5: 4.2e-11) nats per example
//   covariance part of KL(q ‖ p_θ(z | x))   ≤ 2.8e-12 (q = 2: 4.8e-14, q = 5: 2.1e-12) nats
// The three tolerances below sit 4, 16 and 36 times above the worst of these; every other tolerance is
// derived from them. The gap converges slowest, and almost all of it is the encoder mean: A is fitted
// along the data's low-variance directions (sample-covariance eigenvalues down to 1e-4), which the
// gradient barely sees, while the generative part converges to rounding level.

/// The ELBO gap tolerance, nats per example (relative 4e-7 of the log-likelihood ≈ −25).
let private tau = 1e-5
/// The likelihood-deficit tolerance, nats per example.
let private tauLikelihood = 1e-9
/// The tolerance on the covariance part of KL(q ‖ exact posterior), nats.
let private tauCovariance = 1e-10
/// Rounding margin for the theorems ELBO ≤ log p_θ(x) ≤ max log-likelihood: sums of 569 × 30 O(1)
/// terms in double, per example, are exact to ~1e-13.
let private rounding = 1e-10

type private Trained =
    { Model: LinearGaussianVae<float>
      /// ProbabilisticPca.FitMaximumLikelihood on the same data.
      Fit: ProbabilisticPca
      /// Its log-likelihood per example, the maximum.
      Best: float
      /// The trained model's analytic ELBO per example.
      Elbo: float
      /// The trained model's generative part as the closed-form oracle.
      Learned: ProbabilisticPca
      /// Its exact log-likelihood per example.
      LogLikelihood: float }

let private train q =
    let x, matrix = breastCancer.Force()
    let n = float x.Shape[0]
    let model = LinearGaussianVae<float>(30, q, Rng.Create 1UL)
    let loss = Func<Tape<float>, Batch<float>, Rng, Var<float>>(fun t b _ -> (model.ExactElbo(t.Constant b.Features)).Loss)
    let steps = 10000
    let trainer = Trainer<float>(ParameterSet<float>(model).Tensors, Dataset<float>(x), loss, TrainingOptions(BatchSize = x.Shape[0], Shuffle = false, LearningRate = 0.05))
    let batch = Batch<float>.FromFeatures x
    for s in 1 .. steps do
        trainer.Optimizer.LearningRate <- 0.05 * 0.5 * (1.0 + cos (Math.PI * float s / float steps))
        trainer.Step batch |> ignore
    let fit = ProbabilisticPca.FitMaximumLikelihood(matrix, q)
    let learned = model.ToProbabilisticPca()
    { Model = model
      Fit = fit
      Best = fit.LogLikelihood matrix / n
      Elbo = scalar (model.ExactElbo(Tape<float>().Constant x)).Elbo
      Learned = learned
      LogLikelihood = learned.LogLikelihood matrix / n }

let private trained = dict [ 2, lazy (train 2); 5, lazy (train 5) ]

/// The sample covariance's eigenvalues (decreasing) and eigenvectors, computed here.
let private spectrum =
    lazy
        (let _, matrix = breastCancer.Force()
         let centred = matrix - Matrix<float>.Build.Dense(matrix.RowCount, matrix.ColumnCount, fun _ j -> Seq.average (matrix.Column j))
         let evd = (centred.TransposeThisAndMultiply centred / float matrix.RowCount).Evd(Symmetricity.Symmetric)
         let order = [| 0 .. matrix.ColumnCount - 1 |] |> Array.sortByDescending (fun i -> evd.EigenValues[i].Real)
         order |> Array.map (fun i -> evd.EigenValues[i].Real), Matrix<float>.Build.DenseOfColumnVectors(order |> Array.map evd.EigenVectors.Column))

[<Theory>]
[<InlineData 2>]
[<InlineData 5>]
let ``trained on the analytic ELBO, the bound reaches the maximum pPCA log-likelihood and never exceeds it`` (q: int) =
    let t = trained[q].Force()
    let report = sprintf "q = %d: max log-likelihood %.12f, log p_θ(x) %.12f, ELBO %.12f (nats per example)" q t.Best t.LogLikelihood t.Elbo
    // Theorems: ELBO ≤ log p_θ(x) (the gap is the mean KL(q ‖ p_θ(z | x))) ≤ the maximum likelihood.
    Assert.True(t.Elbo <= t.LogLikelihood + rounding, report)
    Assert.True(t.LogLikelihood <= t.Best + rounding, report)
    Assert.True(t.Best - t.Elbo <= tau, report)
    Assert.True(t.Best - t.LogLikelihood <= tauLikelihood, report)

[<Theory>]
[<InlineData 2>]
[<InlineData 5>]
let ``the learned noise variance is the maximum-likelihood one, the mean of the discarded eigenvalues`` (q: int) =
    let t = trained[q].Force()
    let lambda, _ = spectrum.Force()
    let sigma2 = Array.average lambda[q..]
    Assert.Equal(sigma2, t.Fit.NoiseVariance, 12)
    // Profiling W and μ out (Tipping and Bishop, 1999, §3.2), a model with noise σ² = σ²_ML e^δ has
    // log-likelihood at most the maximum − ((D − q)/2)(δ + e^(−δ) − 1) per example (for σ² < λ_q), and
    // δ + e^(−δ) − 1 ≥ δ²/2 − |δ|³/6. With the deficit ≤ τ_ll: |δ| ≤ √(4τ_ll/(D − q)) to within 1%.
    let delta = t.Model.NoiseLogVariance[0] - log sigma2
    let bound = 1.01 * sqrt (4.0 * tauLikelihood / float (30 - q))
    Assert.True(abs delta <= bound, sprintf "q = %d: log σ² − log σ²_ML = %.3g (bound %.3g; σ² %.12f vs %.12f)" q delta bound (exp t.Model.NoiseLogVariance[0]) sigma2)

[<Theory>]
[<InlineData 2>]
[<InlineData 5>]
let ``the trained encoder is the exact posterior of the learned model, whose loading has orthogonal columns`` (q: int) =
    let t = trained[q].Force()
    let x, matrix = breastCancer.Force()
    let n = matrix.RowCount
    let all = Array.create 30 true
    let posterior = t.Model.Posterior(Tape<float>().Constant x, null)
    let means, variances = posterior.Mean.Value, posterior.Variance.Value
    let s = Matrix<float>.Build.DenseOfDiagonalArray(Array.init q (fun j -> variances[0, j]))
    let exact = [| for r in 0 .. n - 1 -> t.Learned.Posterior(matrix.Row r, all) |]
    let encoded = [| for r in 0 .. n - 1 -> DenseGaussian(Vector<float>.Build.Dense(q, fun j -> means[r, j]), s) |]
    // log p_θ(x) − ELBO = mean KL(q(z | xₙ) ‖ p_θ(z | xₙ)) exactly: the encoder and the analytic ELBO agree
    // with the oracle at the trained point (sums of 569 O(1) closed forms: 1e-10).
    let kl = Array.map2 (fun q p -> DenseGaussian.KullbackLeibler(q, p)) encoded exact |> Array.average
    Assert.True(abs (kl - (t.LogLikelihood - t.Elbo)) <= 1e-10, sprintf "mean KL %.17g vs log p − ELBO %.17g" kl (t.LogLikelihood - t.Elbo))
    Assert.True(kl <= tau)
    // KL(q ‖ p) = ½ (m_q − m_p)ᵀ Σ_p⁻¹ (m_q − m_p) + KL(N(0, S) ‖ N(0, Σ_p)), both ≥ 0, and the second is
    // the same for every row (neither S nor Σ_p = σ² M⁻¹ depends on x). So the mean squared Mahalanobis
    // error of the encoder means is ≤ 2τ, and the covariance part alone is ≤ its own tolerance.
    let sigmaP = exact[0].Covariance
    let precision = sigmaP.Inverse()
    let mahalanobis = [| for r in 0 .. n - 1 -> let d = encoded[r].Mean - exact[r].Mean in d * precision * d |]
    let rms = sqrt (Array.average mahalanobis)
    let worst = Seq.max [ for r in 0 .. n - 1 -> (encoded[r].Mean - exact[r].Mean).AbsoluteMaximum() ]
    Assert.True(rms <= sqrt (2.0 * tau), sprintf "q = %d: rms Mahalanobis error of the means %.3g (largest absolute %.3g)" q rms worst)
    let covariancePart = DenseGaussian.KullbackLeibler(DenseGaussian(exact[0].Mean, s), exact[0])
    Assert.True(covariancePart <= tauCovariance, sprintf "q = %d: covariance part of the KL %.3g" q covariancePart)
    // With P = Σ_p⁻¹ = M/σ² and R its correlation matrix (= M's), the covariance part is
    // ½ Σⱼ (rⱼ − 1 − log rⱼ) − ½ log det R with rⱼ = Sⱼⱼ Pⱼⱼ, both terms ≥ 0. Fischer's and Hadamard's
    // inequalities give det R ≤ 1 − ρᵢⱼ², so |ρᵢⱼ| ≤ √(2τ_cov): M is diagonal, W has orthogonal columns.
    let w = t.Learned.Loading
    let m = w.TransposeThisAndMultiply w + Matrix<float>.Build.DenseIdentity q * t.Learned.NoiseVariance
    let correlation = Seq.max [ for i in 0 .. q - 1 do for j in 0 .. q - 1 do if i <> j then abs m[i, j] / sqrt (m[i, i] * m[j, j]) ]
    Assert.True(correlation <= sqrt (2.0 * tauCovariance), sprintf "q = %d: largest correlation in M %.3g" q correlation)
    // rⱼ − 1 − log rⱼ ≤ 2τ_cov gives |rⱼ − 1| ≤ 2√τ_cov + O(τ_cov), and Σ_p,ⱼⱼ = (R⁻¹)ⱼⱼ / Pⱼⱼ with
    // (R⁻¹)ⱼⱼ = 1 + O(ρ²) = 1 + O(τ_cov): the variances match to 3√τ_cov.
    let ratio = Seq.max [ for j in 0 .. q - 1 -> abs (s[j, j] / sigmaP[j, j] - 1.0) ]
    Assert.True(ratio <= 3.0 * sqrt tauCovariance, sprintf "q = %d: largest |exp(sⱼ) / (σ² M⁻¹)ⱼⱼ − 1| %.3g" q ratio)

[<Theory>]
[<InlineData 2>]
[<InlineData 5>]
let ``the column space of the learned loading is the top-q principal subspace`` (q: int) =
    let t = trained[q].Force()
    let lambda, vectors = spectrum.Force()
    let top = vectors.SubMatrix(0, 30, 0, q)
    let basis = t.Learned.Loading.QR().Q.SubMatrix(0, 30, 0, q)
    // sin of the largest principal angle: ‖(I − U_q U_qᵀ) Q‖₂ (accurate for small angles, unlike 1 − cos).
    let sine = (basis - top * top.TransposeThisAndMultiply basis).L2Norm()
    // Tilting the model's j-th principal direction by θ towards the data's (q+1)-th, with the other
    // parameters re-optimised, costs ½ sin²θ (λ_q − λ_{q+1})(1/σ² − 1/λ_q) nats per example to second order
    // in θ at j = q, the cheapest tilt. With the deficit ≤ τ_ll the largest angle is bounded accordingly.
    let sigma2 = t.Fit.NoiseVariance
    let curvature = 0.5 * (lambda[q - 1] - lambda[q]) * (1.0 / sigma2 - 1.0 / lambda[q - 1])
    let bound = sqrt (tauLikelihood / curvature)
    Assert.True(sine <= bound, sprintf "q = %d: sin of the largest principal angle %.3g (bound %.3g)" q sine bound)
