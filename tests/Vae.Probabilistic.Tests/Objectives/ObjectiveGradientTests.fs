/// Float64 gradient checks of every training objective on tiny models, beyond the plain ELBO/IWAE of
/// Models/VaeTests.fs: free bits (both sides of the floor), β with free bits, the conditional VAE, and
/// the masked IWAE of a conditional model whose encoder reads the mask.
module Vae.Probabilistic.Tests.Objectives.ObjectiveGradientTests

open System
open Xunit
open Vae.Core.Autodiff
open Vae.Core.Data
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Probabilistic.Evaluation
open Vae.Probabilistic.Models
open Vae.Probabilistic.Objectives
open Vae.Probabilistic.Tests.ModelGradients

let private conditionalOptions likelihood latent conditionSize seesMask =
    VaeOptions<float>(InputSize = 3, LatentSize = latent, HiddenSizes = [| 4 |], Activation = Func<_, _>(Ops.Tanh), Likelihood = likelihood,
                      ConditionSize = conditionSize, EncoderSeesMask = seesMask)

let private options likelihood latent = conditionalOptions likelihood latent 0 false

let private uniform (rows: int) (columns: int) (seed: uint64) =
    let x = Tensor<float>.Zeros(rows, columns)
    (Rng.Create seed).FillUniform(x.Span)
    x

/// The batch-averaged KL of each latent dimension, from the encoder's heads by the closed form
/// ½(μ² + σ² − 1 − log σ²), independently of the registry.
let private klPerDimension (model: Vae<float>) (x: Tensor<float>) =
    let tape = Tape<float>()
    let h = Ops.Tanh(model.Encoder.Body.Forward(tape.Constant x))
    let mu, logVar = model.Encoder.Loc.Forward(h).Value, model.Encoder.LogVariance.Forward(h).Value
    Array.init model.LatentSize (fun j ->
        [ for i in 0 .. x.Shape[0] - 1 -> 0.5 * (mu[i, j] ** 2.0 + exp logVar[i, j] - 1.0 - logVar[i, j]) ] |> List.average)

[<Fact>]
let ``free bits: the objective clamps each dimension's KL at the floor and its gradient matches finite differences`` () =
    let x = uniform 6 3 1UL
    let model = Vae<float>(options (BernoulliLikelihood()) 3, Rng.Create 2UL)
    let kl = klPerDimension model x
    // A floor between the smallest and the largest per-dimension KL clamps some dimensions and not
    // others, so both branches of max(λ, KLⱼ) are differentiated.
    let sorted = Array.sort kl
    let lambda = 0.5 * (sorted[0] + sorted[2])
    // A parameter step of h = 1e-6 moves each KLⱼ by O(1e-6); every KLⱼ is at least 1e-3 from λ, so no
    // finite difference straddles the kink.
    for k in kl do Assert.True(abs (k - lambda) > 1e-3, sprintf "KL per dimension %A too close to λ = %g" kl lambda)
    let evaluate beta = Elbo.Evaluate(model, Tape<float>().Constant x, Rng.Create 3UL, ElboOptions(FreeBits = lambda, Beta = beta))
    let terms = evaluate 1.0
    let v (n: Var<float>) = n.Value.ToScalar()
    let clamped = kl |> Array.sumBy (fun k -> max lambda k)
    Assert.Equal(v terms.Reconstruction - clamped, v terms.Objective, 12)
    // The reported KL is never clamped.
    Assert.Equal(Array.sum kl, v terms.Kl, 12)
    Assert.Equal(v terms.Reconstruction - 2.5 * clamped, v (evaluate 2.5).Objective, 12)
    assertGradient model (fun t -> (Elbo.Evaluate(model, t.Constant x, Rng.Create 3UL, ElboOptions(FreeBits = lambda))).Loss)
    assertGradient model (fun t -> (Elbo.Evaluate(model, t.Constant x, Rng.Create 3UL, ElboOptions(FreeBits = lambda, Beta = 2.5))).Loss)

[<Fact>]
let ``conditional VAE: ELBO and IWAE gradients match finite differences with the conditions tiled over samples`` () =
    let x = uniform 5 3 4UL
    let conditions = OneHot.Encode<float>([| 0; 2; 1; 2; 0 |], 3)
    let model = Vae<float>(conditionalOptions (GaussianLikelihood<float>.Learned 3) 2 3 false, Rng.Create 5UL)
    assertGradient model (fun t -> (Elbo.Evaluate(model.Given conditions, t.Constant x, Rng.Create 6UL)).Loss)
    assertGradient model (fun t -> -(Iwae.Bound(model.Given conditions, t.Constant x, Rng.Create 7UL, 3)))

[<Fact>]
let ``masked IWAE of a conditional VAE whose encoder reads the mask: gradients match finite differences`` () =
    let x = uniform 4 3 8UL
    let mask = Tensor<float>.FromArray([| 1.; 0.; 1.; 0.; 1.; 1.; 0.; 0.; 1.; 1.; 1.; 0. |], 4, 3)
    for i in 0 .. 11 do if mask[i] = 0.0 then x[i] <- nan
    let conditions = OneHot.Encode<float>([| 1; 0; 1; 1 |], 2)
    let model = Vae<float>(conditionalOptions (BernoulliLikelihood()) 2 2 true, Rng.Create 9UL)
    assertGradient model (fun t -> -(Iwae.Bound(model.Given conditions, t.Constant x, Rng.Create 10UL, 4, mask)))
    // Free bits on top, with the floor halfway between the two per-dimension KLs (as above).
    let kl = PerDimensionKl.Evaluate(model, x, mask, conditions) |> Array.ofSeq
    let lambda = Array.average kl
    for k in kl do Assert.True(abs (k - lambda) > 1e-3, sprintf "KL per dimension %A too close to λ = %g" kl lambda)
    assertGradient model (fun t -> (Elbo.Evaluate(model.Given conditions, t.Constant x, Rng.Create 11UL, ElboOptions(FreeBits = lambda), mask)).Loss)
