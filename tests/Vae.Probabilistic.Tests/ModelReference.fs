/// A plain-array forward pass of the library's networks: the independent reference for what the
/// model computes on the tape (no Ops, no broadcasting, row by row in double).
module Vae.Probabilistic.Tests.ModelReference

open Vae.Core.Nn
open Vae.Core.Tensors

/// The rows of a rank-2 tensor.
let rows (t: Tensor<float>) = Array.init t.Shape[0] (fun i -> Array.init t.Shape[1] (fun j -> t[i, j]))

/// y = x W + b for one row x.
let linear (layer: Linear<float>) (x: float[]) =
    Array.init layer.OutputSize (fun o ->
        let bias = match layer.Bias with | null -> 0.0 | b -> b[o]
        bias + Seq.sum (seq { for i in 0 .. layer.InputSize - 1 -> x[i] * layer.Weight[i, o] }))

/// The MLP on one row: `activation` between layers, none after the last.
let mlp (network: Mlp<float>) (activation: float -> float) (x: float[]) =
    let layers = network.Layers
    let mutable h = x
    for l in 0 .. layers.Count - 1 do
        h <- linear layers[l] h
        if l < layers.Count - 1 then h <- Array.map activation h
    h

/// The Gaussian encoder's (μ, log σ²) for one encoder input row (already [x ⊙ m | m | c] as the model builds it).
let encoder (model: Vae.Probabilistic.Models.Vae<float>) (activation: float -> float) (input: float[]) =
    let h = mlp model.Encoder.Body activation input |> Array.map activation
    linear model.Encoder.Loc h, linear model.Encoder.LogVariance h

/// The decoder's output for one decoder input row ([z | c]).
let decoder (model: Vae.Probabilistic.Models.Vae<float>) (activation: float -> float) (input: float[]) =
    mlp model.Decoder activation input

/// Sets every element of a tensor.
let fill (t: Tensor<float>) (values: float[]) =
    if values.Length <> t.Size then invalidArg "values" (sprintf "expected %d values, got %d" t.Size values.Length)
    values |> Array.iteri (fun i v -> t[i] <- v)

/// log N(x; μ, σ²).
let logNormal x mu sigma = -0.5 * ((x - mu) / sigma) ** 2.0 - log sigma - 0.5 * log (2.0 * System.Math.PI)

/// A layer's bias (every layer the models build has one).
let bias (layer: Linear<float>) =
    match layer.Bias with
    | null -> invalidArg "layer" "the layer has no bias"
    | b -> b
