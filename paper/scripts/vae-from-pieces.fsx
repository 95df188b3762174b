// A VAE on the embedded 8×8 digits assembled by hand from the library's pieces — a Gaussian encoder,
// an MLP decoder, a Bernoulli likelihood and a standard normal prior — then trained on the ELBO,
// evaluated (test ELBO, importance-sampled log-likelihood) and plotted (SVG charts, a PNG of samples).
//
// Build once, then run (from the repository root):
//     dotnet build src/Vae.Cli -c Release        # the libraries, with their dependencies copied beside the CLI
//     dotnet fsi paper/scripts/vae-from-pieces.fsx -- [--quick] [--out DIR]
// --quick trains 3 epochs instead of 40 (CI runs it so); figures go to DIR (default: script-output).

#r "../../src/Vae.Cli/bin/Release/net10.0/System.Numerics.Tensors.dll"
#r "../../src/Vae.Cli/bin/Release/net10.0/Vae.Core.dll"
#r "../../src/Vae.Cli/bin/Release/net10.0/Vae.Probabilistic.dll"
#r "../../src/Vae.Cli/bin/Release/net10.0/Vae.Figures.dll"

open System
open System.IO
open Vae.Core.Autodiff
open Vae.Core.Data
open Vae.Core.Nn
open Vae.Core.Randomness
open Vae.Core.Tensors
open Vae.Core.Training
open Vae.Probabilistic.Distributions
open Vae.Probabilistic.Evaluation
open Vae.Probabilistic.Models
open Vae.Probabilistic.Objectives
open Vae.Figures.Charts
open Vae.Figures.Png

let args = fsi.CommandLineArgs |> Array.skip 1
let quick = args |> Array.contains "--quick"
let outDir =
    match args |> Array.tryFindIndex ((=) "--out") with
    | Some i when i + 1 < args.Length -> args[i + 1]
    | _ -> "script-output"
Directory.CreateDirectory outDir |> ignore

// Data: 1438 training and 359 test images of 64 grey levels in [0, 1]. Training binarises them afresh
// every epoch; the test images are binarised once, so log p(x) is a log-likelihood of binary images.
let split = Digits.Load<float32>().Split(0.2, 0UL)
let test = Binarization.Sample(split.Test, 2400UL, 0).Features
let latent = 2

// The pieces. q(z | x) = N(μ(x), diag σ²(x)) from a ReLU trunk and two linear heads; p(x | z) Bernoulli
// with logits from an MLP; p(z) = N(0, I).
let rng = Rng.Create 1UL
let relu = Func<Var<float32>, Var<float32>>(Activations.Relu)
let encoder = GaussianEncoder<float32>(Mlp<float32>([| 64; 128 |], relu, rng), relu, latent, rng)
let decoder = Mlp<float32>([| latent; 128; 64 |], relu, rng)
let likelihood = BernoulliLikelihood<float32>()
let zeros = Tensor<float32>.Zeros latent
let ones = Tensor<float32>.Full(Shape [| latent |], 1.0f)

// The model: anything with a posterior, a likelihood and a prior is an ILatentVariableModel.
let model =
    { new ILatentVariableModel<float32> with
        member _.LatentSize = latent
        member _.Posterior(x, _mask) = encoder.Forward x :> Distribution<float32>
        member _.Likelihood z = likelihood.Create(decoder.Forward z)
        member _.Prior tape = Independent<float32>(Normal<float32>(tape.Constant zeros, tape.Constant ones), 1) }
let parameters = ParameterSet<float32>().Add("encoder", encoder).Add("decoder", decoder)

// Training: Adam on the negative ELBO, one reparameterised sample per image.
let epochs = if quick then 3 else 40
let options = TrainingOptions(Epochs = epochs, BatchSize = 64, LearningRate = 3e-3, Seed = 2UL, Binarize = true)
let loss = Func<Tape<float32>, Batch<float32>, Rng, Var<float32>>(fun tape batch r -> (Elbo.Evaluate(model, tape.Constant batch.Features, r)).Loss)
let reports = Trainer.Fit(parameters.Tensors, split.Train, loss, options, Action<EpochReport>(fun r -> printfn "epoch %2d  loss %.3f" r.Epoch r.Loss))

// Evaluation on the test images.
let elbo = DatasetElbo.Evaluate(model, test, Rng.Create 3UL)
let ll = LogLikelihood.Estimate(model, test, Rng.Create 4UL, 200)
printfn "test ELBO %.3f (reconstruction %.3f, KL %.3f); log p(x) ≈ %.3f ± %.3f (K = 200)" elbo.Elbo elbo.Reconstruction elbo.Kl ll.Mean ll.StandardError

// Plots: the training loss, the latent space coloured by digit, 64 samples from the prior.
let epochAxis = reports |> Seq.map (fun r -> float r.Epoch) |> Array.ofSeq
let lossAxis = reports |> Seq.map (fun r -> r.Loss) |> Array.ofSeq
LineChart([| Series("training loss (−ELBO)", epochAxis, lossAxis, Marker = MarkerShape.Circle) |],
          Title = "A VAE built from pieces (F#)", XLabel = "epoch", YLabel = "nats per image").Save(Path.Combine(outDir, "fsharp-loss.svg"))
let codes = Generation.Encode(model, test)
let names = [| for d in 0 .. 9 -> string d |]
ScatterChart(codes, split.Test.Labels, names, Title = "Posterior means of the test digits", XLabel = "z₁", YLabel = "z₂")
    .Save(Path.Combine(outDir, "fsharp-latent.svg"))
ImageGrid.Tile(Generation.Generate(model, 64, Decoding.Mean, Rng.Create 5UL), 8, 8, columns = 8, scale = 4)
    .Save(Path.Combine(outDir, "fsharp-samples.png"))
printfn "wrote fsharp-loss.svg, fsharp-latent.svg and fsharp-samples.png to %s" (Path.GetFullPath outDir)
