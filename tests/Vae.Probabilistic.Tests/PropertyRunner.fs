/// Seeded FsCheck runs that print the seed of any failure (replay with VAE_PROPERTY_SEED).
module Vae.Probabilistic.Tests.PropertyRunner

open System
open FsCheck
open FsCheck.FSharp

/// The seed in force: VAE_PROPERTY_SEED if set, else the test's own.
let seed (defaultSeed: uint64) =
    match UInt64.TryParse(Environment.GetEnvironmentVariable "VAE_PROPERTY_SEED") with
    | true, s -> s
    | _ -> defaultSeed

/// Checks a property on `cases` generated cases; a failure names the seed that replays it.
let check (defaultSeed: uint64) (cases: int) (property: Property) =
    let used = seed defaultSeed
    let cases =
        match Int32.TryParse(Environment.GetEnvironmentVariable "VAE_PROPERTY_CASES") with
        | true, c -> c
        | _ -> cases
    let config =
        Config.QuickThrowOnFailure.WithMaxTest(cases).WithReplay(Some { Rnd = Rnd(used); Size = None })
    try
        Check.One(config, property)
    with e ->
        raise (Xunit.Sdk.XunitException(sprintf "Property failed; replay with VAE_PROPERTY_SEED=%d.\n%s" used e.Message))
