/// Shared checks for the distribution families: finite-difference gradients and Monte Carlo summaries.
module Vae.Probabilistic.Tests.Distributions.FamilyChecks

open System
open System.Collections.Generic
open Xunit
open Vae.Core.Autodiff
open Vae.Core.Tensors

/// Asserts that the tape's gradient of the scalar `f` matches central differences for every element
/// of every parameter. With h = 1e-6 the truncation error is h²|f'''|/6 ≈ 1e-13 for |f'''| ≤ 1e3 and
/// the rounding error is about ε|f|/h ≈ 2e-10·|f|; a tolerance of 1e-6·(1 + |g|) is far above both
/// for |f| ≤ 1e2 yet far below any real mistake (a wrong sign or factor is O(|g|)).
let assertGradientMatchesFiniteDifferences (f: IReadOnlyList<Var<float>> -> Var<float>) (parameters: Tensor<float>[]) =
    let fn = Func<IReadOnlyList<Var<float>>, Var<float>> f
    let analytic = Grad.ValueAndGrad(parameters, fn)
    let h = 1e-6
    for t in 0 .. parameters.Length - 1 do
        let p = parameters[t]
        for i in 0 .. p.Size - 1 do
            let saved = p[i]
            p[i] <- saved + h
            let up = Grad.Value(parameters, fn)
            p[i] <- saved - h
            let down = Grad.Value(parameters, fn)
            p[i] <- saved
            let numeric = (up - down) / (2.0 * h)
            let g = analytic.Gradients[t][i]
            Assert.True(abs (g - numeric) <= 1e-6 * (1.0 + abs numeric),
                sprintf "parameter %d element %d: analytic %.17g, finite difference %.17g" t i g numeric)

/// The gradients of the scalar `f` with respect to each parameter (copies).
let gradients (f: IReadOnlyList<Var<float>> -> Var<float>) (parameters: Tensor<float>[]) =
    let r = Grad.ValueAndGrad(parameters, Func<IReadOnlyList<Var<float>>, Var<float>> f)
    [| for g in r.Gradients -> g.ToArray() |]

/// The sample mean and its standard error (the sample standard deviation over √n).
let meanAndStandardError (terms: float[]) =
    let n = float terms.Length
    let mean = Array.average terms
    mean, sqrt (Array.averageBy (fun t -> (t - mean) ** 2.0) terms / n)

/// Asserts |estimate − expected| < 5 standard errors: a false alarm has probability below 6e-7 for a
/// normal estimate, and the seeds are fixed, so the outcome is deterministic.
let assertWithinFiveStandardErrors (what: string) (expected: float) (terms: float[]) =
    let mean, se = meanAndStandardError terms
    Assert.True(abs (mean - expected) < 5.0 * se, sprintf "%s: Monte Carlo %.10g ± %.3g vs %.10g" what mean se expected)

/// Asserts that the sample mean and variance of `draws` match `mean` and `variance`: the sample mean
/// within 5 standard errors √(variance/n), and the sample variance within 5 of its own standard
/// errors √((μ₄ − σ⁴)/n), with the fourth central moment μ₄ estimated from the draws.
let assertMomentsMatch (draws: float[]) (mean: float) (variance: float) =
    let n = float draws.Length
    let sampleMean = Array.average draws
    Assert.True(abs (sampleMean - mean) < 5.0 * sqrt (variance / n),
        sprintf "sample mean %.10g vs %.10g (n = %g, variance %g)" sampleMean mean n variance)
    let centred = draws |> Array.map (fun x -> (x - mean) ** 2.0)
    let sampleVariance = Array.average centred
    let fourth = Array.averageBy (fun c -> c * c) centred
    Assert.True(abs (sampleVariance - variance) < 5.0 * sqrt ((fourth - variance * variance) / n),
        sprintf "sample variance %.10g vs %.10g (n = %g)" sampleVariance variance n)

/// Asserts that every element is finite.
let assertFinite (what: string) (values: float[]) =
    Assert.True(values |> Array.forall Double.IsFinite, sprintf "%s: %A" what values)

/// Asserts that every element is finite (float).
let assertFiniteSingle (what: string) (values: float32[]) =
    Assert.True(values |> Array.forall Single.IsFinite, sprintf "%s: %A" what values)
