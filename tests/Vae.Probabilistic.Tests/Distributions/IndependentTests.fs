module Vae.Probabilistic.Tests.Distributions.IndependentTests

open System
open Xunit
open FsCheck.FSharp
open MathNet.Numerics.LinearAlgebra
open Vae.Core.Tensors
open Vae.Core.Autodiff
open Vae.Probabilistic.Distributions
open Vae.Probabilistic.Divergences
open Vae.Probabilistic.Linear
open Vae.Probabilistic.Tests
open Vae.Probabilistic.Tests.Numerics
open Vae.Probabilistic.Tests.Dense

type MathNetNormal = MathNet.Numerics.Distributions.Normal

let private uniform low high =
    Gen.choose (0, 1 <<< 20) |> Gen.map (fun k -> low + (high - low) * float k / float (1 <<< 20))

[<Fact>]
let ``Independent sums the base log-densities and entropies over exactly the reinterpreted axes`` () =
    let case =
        gen {
            let! dims = Gen.arrayOfLength 3 (Gen.choose (1, 3))
            let! reinterpreted = Gen.choose (0, 3)
            let size = Array.fold (*) 1 dims
            let! loc = Gen.arrayOfLength size (uniform -2.0 2.0)
            let! logScale = Gen.arrayOfLength size (uniform -1.0 1.0)
            let! x = Gen.arrayOfLength size (uniform -3.0 3.0)
            return dims, reinterpreted, loc, Array.map exp logScale, x
        }
    Prop.forAll (Arb.fromGen case) (fun (dims, reinterpreted, loc, scale, x) ->
        let tape = Tape<float>()
        let d = Independent<float>(Normal<float>(tape.Constant(tensor loc dims), tape.Constant(tensor scale dims)), reinterpreted)
        let logp = d.LogProb(tensor x dims)
        let entropy = d.Entropy()
        // The trailing `reinterpreted` axes form blocks of `block` consecutive elements (row-major).
        let block = Array.fold (*) 1 dims[3 - reinterpreted ..]
        let expected = Array.init (loc.Length / block) (fun b ->
            Array.sum (Array.init block (fun i -> let j = b * block + i in MathNetNormal.PDFLn(loc[j], scale[j], x[j]))))
        let expectedEntropy = Array.init (loc.Length / block) (fun b ->
            Array.sum (Array.init block (fun i -> 0.5 + 0.5 * log (2.0 * Math.PI) + log scale[b * block + i])))
        let close (a: float[]) (b: float[]) = Array.forall2 (fun (u: float) v -> abs (u - v) < 1e-12 * (1.0 + abs v)) a b
        d.BatchShape = Shape(dims[.. 2 - reinterpreted]) && d.EventShape = Shape(dims[3 - reinterpreted ..])
        && logp.Shape = d.BatchShape && close (values logp) expected && close (values entropy) expectedEntropy)
    |> PropertyRunner.check 701UL 100

[<Fact>]
let ``KL between diagonal Gaussians (Independent Normal) is the dense Gaussian KL and the sum of the coordinate KLs`` () =
    let case =
        gen {
            let! dim = Gen.choose (1, 5)
            let! u = Gen.arrayOfLength (4 * dim) (uniform -1.5 1.5)
            return dim, u
        }
    Prop.forAll (Arb.fromGen case) (fun (dim, u) ->
        let tape = Tape<float>()
        let m1, s1, m2, s2 = u[.. dim - 1], Array.map exp u[dim .. 2 * dim - 1], u[2 * dim .. 3 * dim - 1], Array.map exp u[3 * dim ..]
        let diagonal (m: float[]) (s: float[]) = Independent<float>(Normal<float>(constant tape m, constant tape s), 1)
        let kl = (values (Kl<float>.Divergence(diagonal m1 s1, diagonal m2 s2))).[0]
        let dense (m: float[]) (s: float[]) =
            DenseGaussian(Vector<float>.Build.DenseOfArray m, Matrix<float>.Build.DenseOfDiagonalArray(s |> Array.map (fun v -> v * v)))
        let expected = DenseGaussian.KullbackLeibler(dense m1 s1, dense m2 s2)
        let coordinates = Array.sum (Array.init dim (fun i ->
            log (s2[i] / s1[i]) + (s1[i] ** 2.0 + (m1[i] - m2[i]) ** 2.0) / (2.0 * s2[i] ** 2.0) - 0.5))
        // Three evaluations of one closed form in double: 1e-12 relative.
        abs (kl - expected) < 1e-12 * (1.0 + expected) && abs (kl - coordinates) < 1e-12 * (1.0 + coordinates))
    |> PropertyRunner.check 702UL 100

[<Fact>]
let ``KL between Independents with different event ranks is refused`` () =
    let tape = Tape<float>()
    let normal () = Normal<float>(tape.Constant(Tensor<float>.Zeros(2, 2)), tape.Constant(Tensor<float>.Full(Shape(2, 2), 1.0)))
    let e = Assert.Throws<ArgumentException>(fun () -> Kl<float>.Divergence(Independent<float>(normal (), 1), Independent<float>(normal (), 2)) |> ignore)
    Assert.Contains("event ranks differ (1 and 2)", e.Message)

// The allocation-free factories return an earlier instance only when it holds exactly the nodes a new
// one would: the same wrapper for the same count, the same Normal/Bernoulli for the same (reused)
// tape nodes after a reset, and a new object as soon as a node or the count differs.
[<Fact>]
let ``the reusing factories return an earlier instance only for the same nodes`` () =
    let tape = Tape<float>()
    let values = Tensor<float>.FromArray([| 0.1; -0.2; 0.3; 0.4 |], 2, 2)
    let build () =
        tape.Reset()
        let loc, logVariance, logits = tape.Constant values, tape.Constant values, tape.Constant values
        Normal<float>.FromLogVariance(loc, logVariance), Bernoulli<float>.FromLogits(logits)
    let normal, bernoulli = build ()
    let normalAgain, bernoulliAgain = build ()
    Assert.Same(normal, normalAgain)
    Assert.Same(bernoulli, bernoulliAgain)
    Assert.Same(normal.ToEvent(1), normal.ToEvent(1))
    Assert.NotSame(normal.ToEvent(1), normal.ToEvent(2))
    Assert.Equal(2, normal.ToEvent(2).ReinterpretedDims)
    let other = Normal<float>.FromLogVariance(tape.Constant values, tape.Constant values)
    Assert.NotSame(normal, other)
    // Same loc node, another log-variance node: a new Normal whose scale is exp(½ · that node).
    let loc = tape.Constant values
    let first = Normal<float>.FromLogVariance(loc, tape.Constant values)
    let second = Normal<float>.FromLogVariance(loc, tape.Constant(Tensor<float>.Zeros(2, 2)))
    Assert.NotSame(first, second)
    Assert.Equal<float[]>([| 1.0; 1.0; 1.0; 1.0 |], second.Scale.Value.ToArray())
    // A reused instance is validated like a new one: a NaN location on the same nodes is refused.
    let poisoned = values.Clone()
    poisoned.[0] <- nan
    let rebuild () =
        tape.Reset()
        Normal<float>.FromLogVariance(tape.Constant poisoned, tape.Constant values) |> ignore
    Assert.Throws<ArgumentException>(rebuild) |> ignore
