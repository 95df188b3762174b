/// Vae.Core used from F# the way a research script would: tensors, the tape, gradients as functions.
module Vae.Probabilistic.Tests.CoreInterop

open Xunit
open Vae.Core.Tensors
open Vae.Core.Autodiff

[<Fact>]
let ``ValueAndGrad reads as a plain function from F#`` () =
    let w = Tensor<float>.FromArray([| 1.0; -2.0; 3.0 |], 3)
    let r = Grad.ValueAndGrad([| w |], fun p -> Ops.Sum(p[0] * p[0]))
    Assert.Equal(14.0, r.Value)
    Assert.Equal<float[]>([| 2.0; -4.0; 6.0 |], r.Gradients[0].ToArray())

[<Fact>]
let ``a reusable tape differentiates a least-squares loss`` () =
    // L(w) = Σ (X w - y)², ∇L = 2 Xᵀ (X w - y)
    let x = Tensor<float>.FromRows(array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ]; [ 5.0; 6.0 ] ])
    let y = Tensor<float>.FromArray([| 1.0; 0.0; -1.0 |], 3, 1)
    let w = Tensor<float>.FromArray([| 0.5; -0.5 |], 2, 1)
    let tape = Tape<float>()
    let loss (t: Tape<float>) =
        let r = Ops.MatMul(t.Constant x, t.Param w) - t.Constant y
        Ops.Sum(r * r)
    let result = tape.ValueAndGrad([| w |], loss)
    // residual = X w - y = [-1.5, -0.5, -0.5] - [1, 0, -1] = [-1.5, -0.5, 0.5]
    Assert.Equal(2.25 + 0.25 + 0.25, result.Value, 12)
    // 2 Xᵀ r = 2 [1·-1.5 + 3·-0.5 + 5·0.5, 2·-1.5 + 4·-0.5 + 6·0.5] = [-1, -4]
    Assert.Equal<float[]>([| -1.0; -4.0 |], result.Gradients[0].ToArray())

[<Fact>]
let ``the README's F# VAE training step lowers the loss`` () =
    // --- README: F# training step ---
    let x = Vae.Core.Data.Digits.Load<float32>().Features
    let rng = Vae.Core.Randomness.Rng.Create 1UL
    let vae = Vae.Probabilistic.Models.Vae<float32>(Vae.Probabilistic.Models.VaeOptions<float32>(InputSize = 64, LatentSize = 8, HiddenSizes = [| 128 |]), rng)
    let parameters = Vae.Core.Nn.ParameterSet<float32>(vae).Tensors
    let adam = Vae.Core.Optim.Adam<float32>(parameters, learningRate = 1e-3)
    let tape = Tape<float32>()
    let loss (t: Tape<float32>) = Vae.Probabilistic.Objectives.Elbo.Evaluate(vae, t.Constant x, rng).Loss
    let step = tape.ValueAndGrad(parameters, loss)
    adam.Step step.Gradients
    // --- end ---
    let first = step.Value
    for _ in 1 .. 20 do adam.Step (tape.ValueAndGrad(parameters, loss)).Gradients
    let later = (tape.ValueAndGrad(parameters, loss)).Value
    // The same run as the C# README test (same seed, same draws): 45.2 nats falling to about 37.7.
    Assert.True(later < first - 3.0f, sprintf "loss %g -> %g" first later)
