/// Dense float64 references for the Gaussian suites, written with MathNet and independent of the
/// library's Woodbury and closed-form code.
module Vae.Probabilistic.Tests.Dense

open MathNet.Numerics.LinearAlgebra
open Vae.Core.Tensors

/// A double tensor of the given dimensions.
let tensor (values: float[]) (dims: int[]) = Tensor<float>.FromArray(values, dims)

/// A row-major [rows, columns] array as a MathNet matrix.
let matrix (values: float[]) (rows: int) (columns: int) =
    Matrix<float>.Build.Dense(rows, columns, fun i j -> values[i * columns + j])

/// W Wᵀ + diag(d) for a row-major W of shape [D, K].
let lowRankCovariance (w: float[]) (d: float[]) =
    let dim = d.Length
    let f = matrix w dim (w.Length / dim)
    f * f.Transpose() + Matrix<float>.Build.DenseOfDiagonalArray d

/// log N(x; m, S) from MathNet's MatrixNormal density (a D × 1 matrix normal is the multivariate
/// normal); accurate while the density is representable (|log density| < ~700).
let logDensity (mean: float[]) (covariance: Matrix<float>) (x: float[]) =
    let column (v: float[]) = Matrix<float>.Build.Dense(v.Length, 1, v)
    let d = MathNet.Numerics.Distributions.MatrixNormal(column mean, covariance, Matrix<float>.Build.DenseIdentity 1)
    log (d.Density(column x))

/// The sample mean and its standard error.
let meanAndStandardError (values: float[]) =
    let mean = Array.average values
    let variance = values |> Array.averageBy (fun v -> (v - mean) ** 2.0)
    mean, sqrt (variance / float values.Length)
