using Vae.Probabilistic.Models;

namespace Vae.Cli.Models;

/// <summary>The values of <c>--likelihood</c> and the observation models they name.</summary>
internal static class Likelihoods
{
    /// <summary>Independent Bernoulli pixels (the decoder emits logits): data in [0, 1].</summary>
    public const string Bernoulli = "bernoulli";

    /// <summary>Independent Gaussians with a learned variance per feature: real-valued (standardised) data.</summary>
    public const string Gaussian = "gaussian";

    /// <summary>Every value, for the option's completions and checks.</summary>
    public static string[] Names { get; } = [Bernoulli, Gaussian];

    /// <summary>The likelihood <paramref name="name"/> over <paramref name="features"/> features.</summary>
    /// <exception cref="InvalidDataException">The name is not one of <see cref="Names"/> (a configuration this version cannot read).</exception>
    public static ILikelihood<float> Create(string name, int features) => name switch
    {
        Bernoulli => new BernoulliLikelihood<float>(),
        Gaussian => GaussianLikelihood<float>.Learned(features),
        _ => throw new InvalidDataException($"unknown likelihood '{name}'; expected {string.Join(" or ", Names)}."),
    };
}
