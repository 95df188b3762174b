/// Masked likelihoods are marginal likelihoods: the masked log-density equals the log of the joint
/// density integrated (or summed) over the missing coordinates, checked by quadrature and enumeration.
module Vae.Probabilistic.Tests.Distributions.MaskedTests

open System
open Xunit
open FsCheck.FSharp
open Vae.Core.Tensors
open Vae.Core.Autodiff
open Vae.Probabilistic.Distributions
open Vae.Probabilistic.Tests
open Vae.Probabilistic.Tests.Numerics
open Vae.Probabilistic.Tests.Dense

type MathNetNormal = MathNet.Numerics.Distributions.Normal

let private uniform low high =
    Gen.choose (0, 1 <<< 20) |> Gen.map (fun k -> low + (high - low) * float k / float (1 <<< 20))

/// D coordinates with μ, σ and x, and the indices of the missing coordinates (count given).
type private GaussianCase = { Loc: float[]; Scale: float[]; X: float[]; Missing: int[] }

let private gaussianCase missingCount =
    gen {
        let! dim = Gen.choose (missingCount + 1, 4)
        let! loc = Gen.arrayOfLength dim (uniform -2.0 2.0)
        let! logScale = Gen.arrayOfLength dim (uniform -1.0 1.0)
        let! x = Gen.arrayOfLength dim (uniform -4.0 4.0)
        let! order = Gen.shuffle [| 0 .. dim - 1 |]
        return { Loc = loc; Scale = Array.map exp logScale; X = x; Missing = Array.sort order[.. missingCount - 1] }
    }

/// Masked(Normal(μ, σ)) evaluated at x with NaN written into the missing coordinates.
let private maskedGaussianLogProb (c: GaussianCase) =
    let dim = c.Loc.Length
    let tape = Tape<float>()
    let mask = vector (Array.init dim (fun i -> if Array.contains i c.Missing then 0.0 else 1.0))
    let x = Array.init dim (fun i -> if Array.contains i c.Missing then nan else c.X[i])
    let d = Masked<float>(Normal<float>(constant tape c.Loc, constant tape c.Scale), mask)
    (values (d.LogProb(vector x))).[0]

/// log of the joint N(x; μ, diag σ²) as a function of the full point (MathNet densities).
let private logJoint (c: GaussianCase) (point: float[]) =
    Array.sum (Array.init c.Loc.Length (fun i -> MathNetNormal.PDFLn(c.Loc[i], c.Scale[i], point[i])))

/// The point x with the missing coordinates set to the given values.
let private withMissing (c: GaussianCase) (fill: float[]) =
    let p = Array.copy c.X
    c.Missing |> Array.iteri (fun k i -> p[i] <- fill[k])
    p

[<Fact>]
let ``a masked Gaussian log-density is the log of the joint integrated over one missing coordinate`` () =
    Prop.forAll (Arb.fromGen (gaussianCase 1)) (fun c ->
        let j = c.Missing[0]
        // Shift by the log joint at the mode of the missing coordinate so the integrand is O(1).
        let shift = logJoint c (withMissing c [| c.Loc[j] |])
        let integral = integrate (fun t -> exp (logJoint c (withMissing c [| t |]) - shift)) (c.Loc[j] - 12.0 * c.Scale[j]) (c.Loc[j] + 12.0 * c.Scale[j])
        let expected = shift + log integral
        // Gauss–Kronrod to 1e-12 relative on a Gaussian bump (tails beyond 12σ weigh < 1e-32).
        abs (maskedGaussianLogProb c - expected) < 1e-10 * (1.0 + abs expected))
    |> PropertyRunner.check 601UL 50

[<Fact>]
let ``a masked Gaussian log-density is the log of the joint integrated over two missing coordinates`` () =
    Prop.forAll (Arb.fromGen (gaussianCase 2)) (fun c ->
        let j, k = c.Missing[0], c.Missing[1]
        let shift = logJoint c (withMissing c [| c.Loc[j]; c.Loc[k] |])
        let inner s = integrate (fun t -> exp (logJoint c (withMissing c [| s; t |]) - shift)) (c.Loc[k] - 12.0 * c.Scale[k]) (c.Loc[k] + 12.0 * c.Scale[k])
        let integral = integrate inner (c.Loc[j] - 12.0 * c.Scale[j]) (c.Loc[j] + 12.0 * c.Scale[j])
        let expected = shift + log integral
        // Nested Gauss–Kronrod: the inner errors (~1e-12 relative) integrate to the same order.
        abs (maskedGaussianLogProb c - expected) < 1e-9 * (1.0 + abs expected))
    |> PropertyRunner.check 602UL 15

[<Fact>]
let ``a masked Bernoulli log-probability is the log of the joint summed over every value of the missing bits`` () =
    let case =
        gen {
            let! dim = Gen.choose (1, 6)
            let! logits = Gen.arrayOfLength dim (uniform -4.0 4.0)
            let! bits = Gen.arrayOfLength dim (Gen.elements [ 0.0; 1.0 ])
            let! observed = Gen.arrayOfLength dim (Gen.elements [ false; true ])
            return logits, bits, observed
        }
    Prop.forAll (Arb.fromGen case) (fun (logits, bits, observed) ->
        let dim = logits.Length
        let missing = [| for i in 0 .. dim - 1 do if not observed[i] then i |]
        let probability i b = let p = 1.0 / (1.0 + exp -logits[i]) in if b = 1.0 then p else 1.0 - p
        // Σ over the 2^m completions of Πᵢ p(xᵢ): exact enumeration.
        let total =
            Seq.sum (seq {
                for code in 0 .. (1 <<< missing.Length) - 1 do
                    let x = Array.copy bits
                    missing |> Array.iteri (fun k i -> x[i] <- float ((code >>> k) &&& 1))
                    yield Array.fold (*) 1.0 (Array.init dim (fun i -> probability i x[i])) })
        let tape = Tape<float>()
        let mask = vector (observed |> Array.map (fun o -> if o then 1.0 else 0.0))
        let x = Array.init dim (fun i -> if observed[i] then bits[i] else nan)
        let actual = (values (Masked<float>(Bernoulli<float>(constant tape logits), mask).LogProb(vector x))).[0]
        // Products of ≤ 6 probabilities ≥ 0.018 and a sum of ≤ 64 terms: ~1e-15 relative error.
        abs (actual - log total) < 1e-12 * (1.0 + abs (log total)))
    |> PropertyRunner.check 603UL 200

[<Fact>]
let ``NaN and infinities in missing entries give finite values and gradients, exactly zero through the missing coordinates`` () =
    let mask = vector [| 1.0; 0.0; 1.0; 0.0 |]
    let x = vector [| 0.3; nan; -1.2; infinity |]
    let loc = vector [| 0.1; 0.5; -1.0; 2.0 |]
    let scale = vector [| 0.7; 1.5; 0.4; 2.0 |]
    let gaussian = Grad.ValueAndGrad([| x; loc; scale |], Func<_, _>(fun p -> Masked<float>(Normal<float>(p[1], p[2]), mask).LogProb(p[0]) |> Ops.Sum))
    let logits = vector [| 1.5; -0.5; 0.0; 3.0 |]
    let bits = vector [| 1.0; nan; 0.0; -infinity |]
    let bernoulli = Grad.ValueAndGrad([| bits; logits |], Func<_, _>(fun p -> Masked<float>(Bernoulli<float>(p[1]), mask).LogProb(p[0]) |> Ops.Sum))
    // Observed coordinates 0 and 2 only: the closed forms of the Normal and Bernoulli log-densities and their derivatives.
    let gaussianValue = MathNetNormal.PDFLn(0.1, 0.7, 0.3) + MathNetNormal.PDFLn(-1.0, 0.4, -1.2)
    Assert.Equal(gaussianValue, gaussian.Value, 12)
    let bernoulliValue = (1.5 - log (1.0 + exp 1.5)) + (0.0 - log 2.0)
    Assert.Equal(bernoulliValue, bernoulli.Value, 12)
    for r in [ gaussian; bernoulli ] do
        for g in r.Gradients do
            let g = g.ToArray()
            Assert.True(Array.forall Double.IsFinite g, sprintf "%A" g)
            // Exactly 0, not merely small: the missing coordinates never reach the arithmetic.
            Assert.Equal(0.0, g[1])
            Assert.Equal(0.0, g[3])
    // d/dx log N(x; μ, σ) = −(x − μ)/σ² at the observed coordinates; d/dℓ = x − σ(ℓ).
    Assert.Equal(-(0.3 - 0.1) / 0.49, gaussian.Gradients[0][0], 12)
    Assert.Equal(-(-1.2 + 1.0) / 0.16, gaussian.Gradients[0][2], 12)
    Assert.Equal(1.0 - 1.0 / (1.0 + exp -1.5), bernoulli.Gradients[1][0], 12)
    Assert.Equal(-0.5, bernoulli.Gradients[1][2], 12)

[<Fact>]
let ``an all-observed mask is the Independent log-density, an all-missing one is zero, and the mask broadcasts over the batch`` () =
    let tape = Tape<float>()
    let loc = tensor [| 0.1; 0.5; -1.0; 2.0; 0.0; 1.0 |] [| 2; 3 |]
    let scale = tensor [| 0.7; 1.5; 0.4; 2.0; 1.0; 0.3 |] [| 2; 3 |]
    let normal = Normal<float>(tape.Constant loc, tape.Constant scale)
    let x = tensor [| 0.3; 0.0; -1.2; 1.0; 0.5; 0.9 |] [| 2; 3 |]
    let full = values (Masked<float>(normal, vector [| 1.0; 1.0; 1.0 |]).LogProb(x))
    Assert.Equal<float[]>(values (Independent<float>(normal, 1).LogProb(x)), full)
    Assert.Equal<float[]>([| 0.0; 0.0 |], values (Masked<float>(normal, vector [| 0.0; 0.0; 0.0 |]).LogProb(x)))
    // Mask [1, 0, 1] shared by both rows: each row sums its coordinates 0 and 2.
    let partial = values (Masked<float>(normal, vector [| 1.0; 0.0; 1.0 |]).LogProb(x))
    for b in 0 .. 1 do
        let expected = MathNetNormal.PDFLn(loc[3 * b], scale[3 * b], x[3 * b]) + MathNetNormal.PDFLn(loc[3 * b + 2], scale[3 * b + 2], x[3 * b + 2])
        Assert.Equal(expected, partial[b], 12)
    // The masked entropy is the sum of the observed coordinates' entropies ½ + ½ log 2π + log σ.
    let entropy = values (Masked<float>(normal, vector [| 1.0; 0.0; 1.0 |]).Entropy())
    for b in 0 .. 1 do
        let h i = 0.5 + 0.5 * log (2.0 * Math.PI) + log scale[3 * b + i]
        Assert.Equal(h 0 + h 2, entropy[b], 12)
