/// Reverse-mode gradients against float64 central differences, for the distribution suites.
module Vae.Probabilistic.Tests.FiniteDifferences

open System
open System.Collections.Generic
open Vae.Core.Tensors
open Vae.Core.Autodiff

/// Relative-plus-absolute tolerance: central differences with h = 1e-6 have truncation error
/// h²|f'''|/6 ≈ 1e-12 and rounding error ≈ ε|L|/h ≈ 2e-10|L|, so 1e-6(1 + |g|) sits three orders
/// of magnitude above the noise for |L| up to ~10² and far below any real mistake (a wrong sign or
/// factor is O(|g|)). Same budget as Vae.Core.Tests' GradientCheck.
let tolerance = 1e-6

/// Asserts that the gradient of Σ r ⊙ f(inputs), with fixed pseudo-random weights r, matches
/// central differences for every element of every input (the inputs are restored afterwards).
let check (inputs: Tensor<float>[]) (f: IReadOnlyList<Var<float>> -> Var<float>) =
    let probe = Tape<float>()
    let output = f (inputs |> Array.map probe.Constant)
    let random = Random 17
    let weights = Tensor<float>(output.Shape)
    for i in 0 .. weights.Size - 1 do weights[i] <- random.NextDouble() * 2.0 - 1.0
    let loss (p: IReadOnlyList<Var<float>>) = Ops.Sum(f p * p[0].Tape.Constant weights)
    let analytic = Grad.ValueAndGrad(inputs, Func<_, _> loss)
    let gradients = analytic.Gradients |> Seq.map (fun g -> g.ToArray()) |> Array.ofSeq
    let h = 1e-6
    for t in 0 .. inputs.Length - 1 do
        let x = inputs[t]
        for i in 0 .. x.Size - 1 do
            let saved = x[i]
            x[i] <- saved + h
            let up = Grad.Value(inputs, Func<_, _> loss)
            x[i] <- saved - h
            let down = Grad.Value(inputs, Func<_, _> loss)
            x[i] <- saved
            let numeric = (up - down) / (2.0 * h)
            let g = gradients[t][i]
            if not (abs (g - numeric) <= tolerance * (1.0 + abs numeric)) then
                raise (Xunit.Sdk.XunitException(sprintf "Gradient mismatch for input %d %O at element %d: analytic %.17g, finite difference %.17g." t x.Shape i g numeric))
