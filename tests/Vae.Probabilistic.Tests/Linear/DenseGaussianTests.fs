/// The dense Gaussian oracle against MathNet's matrix-normal density and against quadrature of an
/// explicitly written bivariate density.
module Vae.Probabilistic.Tests.Linear.DenseGaussianTests

open System
open Xunit
open FsCheck.FSharp
open MathNet.Numerics.LinearAlgebra
open Vae.Probabilistic.Linear
open Vae.Probabilistic.Tests
open Vae.Probabilistic.Tests.Numerics
open Vae.Probabilistic.Tests.Dense

let private uniform low high =
    Gen.choose (0, 1 <<< 20) |> Gen.map (fun k -> low + (high - low) * float k / float (1 <<< 20))

[<Fact>]
let ``log-density matches MathNet's matrix-normal density`` () =
    let case =
        gen {
            let! dim = Gen.choose (1, 4)
            let! mean = Gen.arrayOfLength dim (uniform -2.0 2.0)
            let! a = Gen.arrayOfLength (dim * dim) (uniform -1.0 1.0)
            let! x = Gen.arrayOfLength dim (uniform -3.0 3.0)
            return mean, a, x
        }
    Prop.forAll (Arb.fromGen case) (fun (mean, a, x) ->
        let dim = mean.Length
        let factor = matrix a dim dim
        let covariance = factor * factor.Transpose() + Matrix<float>.Build.DenseIdentity dim * 0.3
        let g = DenseGaussian(Vector<float>.Build.DenseOfArray mean, covariance)
        let expected = logDensity mean covariance x
        // cond(S) ≤ ~50 and |log p| ≤ ~100: 1e-10 relative is far above the rounding of either route.
        abs (g.LogDensity(Vector<float>.Build.DenseOfArray x) - expected) < 1e-10 * (1.0 + abs expected))
    |> PropertyRunner.check 901UL 100

/// log N((x, y); (mx, my), [[sx², ρ sx sy], [ρ sx sy, sy²]]) written out in the correlation form.
let private bivariate (mx, my, sx, sy, rho) (x: float) (y: float) =
    let zx, zy = (x - mx) / sx, (y - my) / sy
    -(zx * zx - 2.0 * rho * zx * zy + zy * zy) / (2.0 * (1.0 - rho * rho)) - log (2.0 * Math.PI * sx * sy * sqrt (1.0 - rho * rho))

let private dense (mx, my, sx, sy, rho) =
    DenseGaussian(
        Vector<float>.Build.DenseOfArray [| mx; my |],
        Matrix<float>.Build.DenseOfArray(array2D [ [ sx * sx; rho * sx * sy ]; [ rho * sx * sy; sy * sy ] ]))

[<Fact>]
let ``KL and entropy match two-dimensional quadrature`` () =
    let p = (0.3, -0.5, 0.8, 1.3, 0.6)
    let q = (-0.4, 0.2, 1.5, 0.9, -0.3)
    let (mx, my, sx, sy, _) = p
    let box f = integrate (fun x -> integrate (fun y -> f x y) (my - 12.0 * sy) (my + 12.0 * sy)) (mx - 12.0 * sx) (mx + 12.0 * sx)
    let kl = box (fun x y -> let lp = bivariate p x y in exp lp * (lp - bivariate q x y))
    let entropy = box (fun x y -> let lp = bivariate p x y in -exp lp * lp)
    // Nested Gauss–Kronrod on smooth integrands over ±12σ boxes (tails < 1e-30): ~1e-11 absolute.
    Assert.Equal(kl, DenseGaussian.KullbackLeibler(dense p, dense q), 9)
    Assert.Equal(entropy, (dense p).Entropy(), 9)
    Assert.Equal(0.0, DenseGaussian.KullbackLeibler(dense p, dense p), 14)

[<Fact>]
let ``a covariance that is not symmetric positive definite is refused`` () =
    let m = Vector<float>.Build.Dense 2
    let indefinite = Matrix<float>.Build.DenseOfArray(array2D [ [ 1.0; 2.0 ]; [ 2.0; 1.0 ] ])
    Assert.Contains("positive definite", (Assert.Throws<ArgumentException>(fun () -> DenseGaussian(m, indefinite) |> ignore)).Message)
    let asymmetric = Matrix<float>.Build.DenseOfArray(array2D [ [ 1.0; 0.5 ]; [ 0.0; 1.0 ] ])
    Assert.Contains("not symmetric", (Assert.Throws<ArgumentException>(fun () -> DenseGaussian(m, asymmetric) |> ignore)).Message)
