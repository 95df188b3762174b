/// Independent numerical references: quadrature and tensor helpers for the property suites.
module Vae.Probabilistic.Tests.Numerics

open MathNet.Numerics
open Vae.Core.Tensors
open Vae.Core.Autodiff

/// ∫ f over [a, b] by adaptive Gauss–Kronrod (MathNet), to a relative target of 1e-12.
let integrate (f: float -> float) (a: float) (b: float) =
    Integrate.GaussKronrod(System.Func<float, float> f, a, b, 1e-12, 15)

/// A rank-1 double tensor.
let vector (values: float[]) = Tensor<float>.FromArray(values, values.Length)

/// A scalar leaf on a fresh tape (for evaluating a density at one point).
let constant (tape: Tape<float>) (values: float[]) = tape.Constant(vector values)

/// The elements of a node's value.
let values (v: Var<float>) = v.Value.ToArray()
