using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Vae.Core.Tests;

/// <summary>
/// Runs FsCheck properties with a fixed, printed seed so that any failure replays exactly.
/// Set <c>VAE_PROPERTY_SEED</c> to run with another seed and <c>VAE_PROPERTY_CASES</c> for more cases.
/// </summary>
public static class PropertyRunner
{
    /// <summary>The seed in force: <c>VAE_PROPERTY_SEED</c> if set, else <paramref name="defaultSeed"/>.</summary>
    public static ulong Seed(ulong defaultSeed) =>
        ulong.TryParse(Environment.GetEnvironmentVariable("VAE_PROPERTY_SEED"), out var s) ? s : defaultSeed;

    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> generated cases; throws with the seed on failure.</summary>
    public static void Check(Property property, ulong seed = 20261121, int cases = 100)
    {
        ulong used = Seed(seed);
        if (int.TryParse(Environment.GetEnvironmentVariable("VAE_PROPERTY_CASES"), out var c)) cases = c;
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(used), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(config, property);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"Property failed; replay with VAE_PROPERTY_SEED={used}.\n{e.Message}");
        }
    }
}
