module Vae.Probabilistic.Tests.Models.VaeTests

open System
open Xunit
open Vae.Core.Autodiff
open Vae.Core.Data
open Vae.Core.Nn
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Core.Training
open Vae.Probabilistic.Evaluation
open Vae.Probabilistic.Models
open Vae.Probabilistic.Objectives
open Vae.Probabilistic.Tests.ModelGradients

let private tinyOptionsSeeingMask likelihood seesMask =
    VaeOptions<float>(InputSize = 3, LatentSize = 2, HiddenSizes = [| 4 |], Activation = Func<_, _>(Ops.Tanh),
                      Likelihood = likelihood, EncoderSeesMask = seesMask)

let private tinyOptions likelihood = tinyOptionsSeeingMask likelihood false

let private data (rows: int) (seed: uint64) =
    let rng = Rng.Create seed
    let x = Tensor<float>.Zeros(rows, 3)
    rng.FillUniform(x.Span)
    x

[<Fact>]
let ``ELBO and IWAE gradients match finite differences for every likelihood`` () =
    let x = data 5 1UL
    for likelihood in [ BernoulliLikelihood<float>() :> ILikelihood<float>
                        GaussianLikelihood<float>.Fixed(0.7)
                        GaussianLikelihood<float>.Learned(3)
                        GaussianLikelihood<float>.Predicted() ] do
        let model = Vae<float>(tinyOptions likelihood, Rng.Create 2UL)
        assertGradient model (fun t -> (Elbo.Evaluate(model, t.Constant x, Rng.Create 3UL)).Loss)
        assertGradient model (fun t -> -(Iwae.Bound(model, t.Constant x, Rng.Create 4UL, 3)))

[<Fact>]
let ``masked ELBO gradients match finite differences and ignore NaN in missing entries`` () =
    let x = data 4 5UL
    let mask = Tensor<float>.FromArray([| 1.; 0.; 1.; 1.; 1.; 1.; 0.; 0.; 1.; 1.; 1.; 0. |], 4, 3)
    for i in 0 .. 11 do if mask[i] = 0.0 then x[i] <- nan
    let model = Vae<float>(tinyOptionsSeeingMask (GaussianLikelihood<float>.Learned 3) true, Rng.Create 6UL)
    assertGradient model (fun t -> (Elbo.Evaluate(model, t.Constant x, Rng.Create 7UL, mask = mask)).Loss)
    assertGradient model (fun t -> -(Iwae.Bound(model, t.Constant x, Rng.Create 8UL, 4, mask)))

[<Fact>]
let ``the analytic KL term equals the closed form ½ Σ (μ² + σ² − 1 − log σ²)`` () =
    let x = data 6 9UL
    let model = Vae<float>(tinyOptions (BernoulliLikelihood()), Rng.Create 10UL)
    let tape = Tape<float>()
    let terms = Elbo.Evaluate(model, tape.Constant x, Rng.Create 11UL)
    let h = Ops.Tanh(model.Encoder.Body.Forward(tape.Constant x))
    let mu = model.Encoder.Loc.Forward(h).Value
    let logVar = model.Encoder.LogVariance.Forward(h).Value
    let expected =
        [ for i in 0 .. 5 -> 0.5 * Seq.sum [ for j in 0 .. 1 -> mu[i, j] ** 2.0 + exp logVar[i, j] - 1.0 - logVar[i, j] ] ]
        |> List.average
    Assert.Equal(expected, terms.Kl.Value.ToScalar(), 12)

[<Fact>]
let ``beta weights only the KL term and beta = 0 leaves the reconstruction objective`` () =
    let x = data 6 12UL
    let model = Vae<float>(tinyOptions (BernoulliLikelihood()), Rng.Create 13UL)
    let eval beta = Elbo.Evaluate(model, Tape<float>().Constant x, Rng.Create 14UL, ElboOptions(Beta = beta))
    let one, zero, four = eval 1.0, eval 0.0, eval 4.0
    let v (n: Var<float>) = n.Value.ToScalar()
    Assert.Equal(v zero.Reconstruction, v zero.Objective)
    Assert.Equal(v one.Elbo, v four.Elbo)
    Assert.Equal(v one.Reconstruction - 4.0 * v one.Kl, v four.Objective, 12)

[<Fact>]
let ``IWAE with one sample is the ELBO with a sampled KL`` () =
    let x = data 6 15UL
    let model = Vae<float>(tinyOptions (GaussianLikelihood<float>.Fixed 0.5), Rng.Create 16UL)
    let iwae = (Iwae.Bound(model, Tape<float>().Constant x, Rng.Create 17UL, 1)).Value.ToScalar()
    let elbo = (Elbo.Evaluate(model, Tape<float>().Constant x, Rng.Create 17UL, ElboOptions(AnalyticKl = false))).Elbo.Value.ToScalar()
    Assert.Equal(elbo, iwae, 12)

[<Fact>]
let ``an all-ones mask gives the complete-data ELBO`` () =
    let x = data 6 18UL
    let model = Vae<float>(tinyOptions (BernoulliLikelihood()), Rng.Create 19UL)
    let ones = Tensor<float>.Full(x.Shape, 1.0)
    let full = (Elbo.Evaluate(model, Tape<float>().Constant x, Rng.Create 20UL)).Elbo.Value.ToScalar()
    let masked = (Elbo.Evaluate(model, Tape<float>().Constant x, Rng.Create 20UL, mask = ones)).Elbo.Value.ToScalar()
    Assert.Equal(full, masked, 12)

[<Fact>]
let ``on a trained model ELBO <= IWAE(5) <= IWAE(50) <= the K = 20000 estimate`` () =
    let digits = Digits.Load<float32>()
    let split = digits.Split(0.2, 1UL)
    let options = VaeOptions<float32>(InputSize = 64, LatentSize = 4, HiddenSizes = [| 64 |], Likelihood = BernoulliLikelihood())
    let model = Vae<float32>(options, Rng.Create 21UL)
    let loss = Func<Tape<float32>, Batch<float32>, Rng, Var<float32>>(fun t b rng -> (Elbo.Evaluate(model, t.Constant b.Features, rng)).Loss)
    Trainer.Fit(ParameterSet<float32>(model).Tensors, split.Train, loss, TrainingOptions(Epochs = 30, BatchSize = 64, Seed = 22UL)) |> ignore
    let test = split.Test.Features
    // Average each stochastic bound over 40 independent draws; its standard error is the draws'
    // sample standard deviation over √40, and each ordering must hold beyond 3 combined standard errors.
    let average f =
        let draws = Array.init 40 (fun s -> f (Rng.Create(100UL + uint64 s)))
        let mean = Array.average draws
        mean, sqrt (Array.sumBy (fun d -> (d - mean) ** 2.0) draws / 39.0 / 40.0)
    let elbo, elboSe = average (fun rng -> float ((Elbo.Evaluate(model, Tape<float32>().Constant test, rng)).Elbo.Value.ToScalar()))
    let iwae k = average (fun rng -> float ((Iwae.Bound(model, Tape<float32>().Constant test, rng, k)).Value.ToScalar()))
    let (iwae5, iwae5Se), (iwae50, iwae50Se) = iwae 5, iwae 50
    let estimate = LogLikelihood.Estimate(model, test, Rng.Create 23UL, 20000)
    let beyond (low, lowSe) (high, highSe) = high - low > 3.0 * sqrt (lowSe ** 2.0 + highSe ** 2.0)
    let report = sprintf "ELBO %.4f±%.4f, IWAE5 %.4f±%.4f, IWAE50 %.4f±%.4f, log p %.4f±%.4f" elbo elboSe iwae5 iwae5Se iwae50 iwae50Se estimate.Mean estimate.StandardError
    Assert.True(beyond (elbo, elboSe) (iwae5, iwae5Se), report)
    Assert.True(beyond (iwae5, iwae5Se) (iwae50, iwae50Se), report)
    Assert.True(beyond (iwae50, iwae50Se) (estimate.Mean, estimate.StandardError), report)

[<Fact>]
let ``WeightInit fills every weight matrix of the encoder, its heads and the decoder, and biases start at zero`` () =
    let init = Action<Tensor<float>, Rng>(fun w _ -> w.Span.Fill 0.25)
    let options = VaeOptions<float>(InputSize = 3, LatentSize = 2, HiddenSizes = [| 4 |], WeightInit = init)
    let model = Vae<float>(options, Rng.Create 1UL)
    for p in model.Parameters do
        let expected = if p.Name.EndsWith "weight" then 0.25 else 0.0
        Assert.True(p.Value.ToArray() |> Array.forall ((=) expected), p.Name)
    Assert.Equal(10, model.Parameters.Count)

// BiasInit receives each layer's bias and fan-in: 784-400-20 has fan-ins 784 (encoder layer), 400
// (both heads and the decoder's output layer) and 20 (the decoder's first layer).
[<Fact>]
let ``BiasInit fills every bias given its layer's fan-in`` () =
    let init = Action<Tensor<float>, int, Rng>(fun b fanIn _ -> b.Span.Fill(float fanIn))
    let options = VaeOptions<float>(InputSize = 784, LatentSize = 20, HiddenSizes = [| 400 |], BiasInit = init)
    let model = Vae<float>(options, Rng.Create 1UL)
    let biases = [ for p in model.Parameters do if p.Name.EndsWith "bias" then p.Name, p.Value.ToArray() |> Array.distinct ]
    Assert.Equal<(string * float[]) list>(
        [ "encoder.body.0.bias", [| 784.0 |]; "encoder.loc.bias", [| 400.0 |]; "encoder.logvar.bias", [| 400.0 |]
          "decoder.0.bias", [| 20.0 |]; "decoder.1.bias", [| 400.0 |] ], biases)

// The training step of the reference VAE (Bernoulli likelihood, analytic KL, Adam), on a reused tape:
// the tape pools nodes and buffers, the distributions are reused through their factories
// (FromLogVariance, FromLogits, ToEvent), so after warm-up a step allocates nothing. The fewest bytes
// over three rounds are taken since the runtime's tiered compilation allocates now and then.
[<Fact>]
let ``a VAE training step allocates nothing in steady state`` () =
    let model = Vae<float32>(VaeOptions<float32>(InputSize = 30, LatentSize = 4, HiddenSizes = [| 16 |]), Rng.Create 1UL)
    let parameters = ParameterSet<float32>(model).Tensors
    let adam = Vae.Core.Optim.Adam<float32>(parameters)
    let x = Tensor<float32>.Zeros(8, 30)
    let rng = Rng.Create 2UL
    rng.FillUniform(x.Span)
    let tape = Tape<float32>()
    let loss = Func<Tape<float32>, Var<float32>>(fun t -> (Elbo.Evaluate(model, t.Constant x, rng)).Loss)
    let step () = adam.Step(tape.ValueAndGrad(parameters, loss).Gradients)
    for _ in 1 .. 50 do step ()
    let fewest =
        [ for _ in 1 .. 3 ->
            let before = GC.GetAllocatedBytesForCurrentThread()
            for _ in 1 .. 20 do step ()
            GC.GetAllocatedBytesForCurrentThread() - before ]
        |> List.min
    Assert.Equal(0L, fewest)
