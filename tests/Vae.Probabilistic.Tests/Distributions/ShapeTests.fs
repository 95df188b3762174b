/// Shapes compose as sample + batch + event for every family, and a log-density over stacked draws
/// is the stack of the log-densities of each draw (so broadcasting never mixes batch elements).
module Vae.Probabilistic.Tests.Distributions.ShapeTests

open Xunit
open FsCheck.FSharp
open Vae.Core.Tensors
open Vae.Core.Autodiff
open Vae.Core.Randomness
open Vae.Probabilistic.Distributions
open Vae.Probabilistic.Tests
open Vae.Probabilistic.Tests.Numerics
open Vae.Probabilistic.Tests.Dense

let private uniform low high =
    Gen.choose (0, 1 <<< 20) |> Gen.map (fun k -> low + (high - low) * float k / float (1 <<< 20))

/// Batch dimensions of rank 0 to maxRank (extents 1 to 3), an event size D, a sample count S and a seed.
let private layout maxRank =
    gen {
        let! rank = Gen.choose (0, maxRank)
        let! batch = Gen.arrayOfLength rank (Gen.choose (1, 3))
        let! dim = Gen.choose (1, 3)
        let! samples = Gen.choose (1, 3)
        let! seed = Gen.choose (0, 1000000)
        return batch, dim, samples, uint64 seed
    }

let private randomTensor (rng: Rng) (low: float) (high: float) (dims: int[]) =
    let t = Tensor<float>(Shape dims)
    rng.FillUniform(t.Span, low, high)
    t

/// Checks that d's shapes compose and that LogProb of S stacked draws equals the S separate log-densities.
let private composes (d: Distribution<float>) (draws: Tensor<float>) (samples: int) =
    let expectedDraws = Shape(Array.append [| samples |] (d.Shape.ToArray()))
    let logp = d.LogProb(draws)
    let perDraw = d.Shape.Size
    let perLogp = d.BatchShape.Size
    let separately =
        Array.init samples (fun s ->
            let one = Tensor<float>.FromArray(draws.ToArray()[s * perDraw .. (s + 1) * perDraw - 1], d.Shape.ToArray())
            values (d.LogProb(one)))
        |> Array.concat
    Assert.Equal(expectedDraws, draws.Shape)
    Assert.Equal(Shape(Array.append [| samples |] (d.BatchShape.ToArray())), logp.Shape)
    Assert.Equal(samples * perLogp, separately.Length)
    let stacked = values logp
    // The same arithmetic per element, but the vectorised kernels take SIMD or scalar-tail paths
    // depending on the lengths, which round differently in the last bits: 1e-14 relative (~50 ulps).
    for i in 0 .. stacked.Length - 1 do
        Assert.True(abs (stacked[i] - separately[i]) <= 1e-14 * (1.0 + abs separately[i]), sprintf "%s element %d: %.17g stacked, %.17g separately" (d.GetType().Name) i stacked[i] separately[i])
    d.Mean.Shape = d.Shape && d.Variance.Shape = d.Shape

[<Fact>]
let ``Normal, Independent and Masked compose sample, batch and event shapes`` () =
    Prop.forAll (Arb.fromGen (layout 2)) (fun (batch, dim, samples, seed) ->
        let rng = Rng.Create seed
        let tape = Tape<float>()
        let dims = Array.append batch [| dim |]
        let normal = Normal<float>(tape.Constant(randomTensor rng -1.0 1.0 dims), tape.Constant(randomTensor rng 0.5 2.0 dims))
        let independent = Independent<float>(normal, 1)
        let mask = Tensor<float>.FromArray(Array.init dim (fun i -> float (i % 2)), dim)
        let masked = Masked<float>(normal, mask)
        let draws = independent.Rsample(rng, samples).Value
        composes normal draws samples
        && composes independent draws samples
        && composes masked draws samples
        && independent.EventShape = Shape(dim) && independent.Entropy().Shape = Shape(batch)
        && masked.Entropy().Shape = Shape(batch))
    |> PropertyRunner.check 801UL 100

[<Fact>]
let ``LowRankMultivariateNormal composes sample, batch and event shapes`` () =
    Prop.forAll (Arb.fromGen (Gen.zip (layout 2) (Gen.choose (1, 3)))) (fun ((batch, dim, samples, seed), rank) ->
        let rng = Rng.Create seed
        let tape = Tape<float>()
        let d =
            LowRankMultivariateNormal<float>(
                tape.Constant(randomTensor rng -1.0 1.0 (Array.append batch [| dim |])),
                tape.Constant(randomTensor rng -1.0 1.0 [| dim; rank |]),
                tape.Constant(randomTensor rng 0.5 2.0 [| dim |]))
        let draws = d.Rsample(rng, samples).Value
        composes d draws samples && d.Entropy().Shape = Shape(batch) && d.EventShape = Shape(dim))
    |> PropertyRunner.check 802UL 100

[<Fact>]
let ``MixtureSameFamily composes sample, batch and event shapes`` () =
    Prop.forAll (Arb.fromGen (Gen.zip (layout 1) (Gen.choose (1, 3)))) (fun ((batch, dim, samples, seed), k) ->
        let rng = Rng.Create seed
        let tape = Tape<float>()
        let componentDims = Array.concat [ batch; [| k; dim |] ]
        let components =
            Independent<float>(Normal<float>(tape.Constant(randomTensor rng -2.0 2.0 componentDims), tape.Constant(randomTensor rng 0.5 2.0 componentDims)), 1)
        let d = MixtureSameFamily<float>(tape.Constant(randomTensor rng -1.0 1.0 (Array.append batch [| k |])), components)
        let stacked = Array.init samples (fun _ -> (d.Sample rng).ToArray()) |> Array.concat
        let draws = Tensor<float>.FromArray(stacked, Array.append [| samples |] (d.Shape.ToArray()))
        d.BatchShape = Shape(batch) && d.EventShape = Shape(dim) && (d.Sample rng).Shape = d.Shape && composes d draws samples)
    |> PropertyRunner.check 803UL 100
