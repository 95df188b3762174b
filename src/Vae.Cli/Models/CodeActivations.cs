using Vae.Core.Autoencoders;

namespace Vae.Cli.Models;

/// <summary>The names of an autoencoder's code activation as stored in a checkpoint's configuration.</summary>
internal static class CodeActivations
{
    /// <summary>A linear code.</summary>
    public const string Identity = "identity";

    /// <summary>A non-negative code, max(a, 0).</summary>
    public const string Relu = "relu";

    /// <summary>A code in (0, 1), σ(a).</summary>
    public const string Sigmoid = "sigmoid";

    /// <summary>The activation named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">No activation has that name (a configuration this version cannot read).</exception>
    public static ActivationKind Parse(string? name) => name switch
    {
        Identity => ActivationKind.Identity,
        Relu => ActivationKind.Relu,
        Sigmoid => ActivationKind.Sigmoid,
        _ => throw new InvalidDataException($"unknown code activation '{name}'; expected {Identity}, {Relu} or {Sigmoid}."),
    };
}
