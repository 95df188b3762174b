/// Finite-difference checks of a model objective's gradient with respect to every parameter.
module Vae.Probabilistic.Tests.ModelGradients

open System
open Xunit
open Vae.Core.Autodiff
open Vae.Core.Nn

/// Central differences of a deterministic function of the parameters (the noise is re-drawn from the
/// same seed on every evaluation), with GradientCheck's tolerance 1e-6·(1 + |g|): with h = 1e-6 the
/// truncation error is about h²|f'''|/6 ≈ 1e-12 and the rounding error about ε|L|/h ≈ 2e-10·|L|, three
/// orders below the tolerance for |L| up to 10², while a real mistake is O(|g|) (see
/// Vae.Core.Tests/Autodiff/GradientCheck.cs).
let assertGradient (model: IModule<float>) (objective: Tape<float> -> Var<float>) =
    let parameters = ParameterSet<float>(model).Tensors
    let tape = Tape<float>()
    let analytic = tape.ValueAndGrad(parameters, Func<_, _> objective)
    let grads = analytic.Gradients |> Seq.map (fun g -> g.ToArray()) |> Array.ofSeq
    let value () = Tape<float>().ValueAndGrad(parameters, Func<_, _> objective).Value
    let h = 1e-6
    for t in 0 .. parameters.Count - 1 do
        let p = parameters[t]
        for i in 0 .. p.Size - 1 do
            let saved = p[i]
            p[i] <- saved + h
            let up = value ()
            p[i] <- saved - h
            let down = value ()
            p[i] <- saved
            let numeric = (up - down) / (2.0 * h)
            Assert.True(abs (grads[t][i] - numeric) <= 1e-6 * (1.0 + abs numeric),
                        sprintf "parameter %d element %d: analytic %g, numeric %g" t i grads.[t].[i] numeric)
