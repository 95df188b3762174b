using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;

namespace Vae.Probabilistic.Models;

/// <summary>
/// The VAE encoder q(z | x) = N(μ(x), diag σ²(x)): a network body followed by two linear heads for the
/// location and the log-variance (Kingma and Welling, 2014, appendix C.2).
/// </summary>
/// <remarks>
/// The result is <c>Independent(Normal.FromLogVariance(μ, log σ²), 1)</c>, so log σ enters the KL and
/// the log-density exactly (no log(exp(·)) round trip). Parameters are named <c>body.*</c>,
/// <c>loc.*</c> and <c>logvar.*</c>.
/// </remarks>
public sealed class GaussianEncoder<T> : IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> parameters = new();

    /// <summary>An encoder with <paramref name="body"/> (its last layer's width feeds the heads) and <paramref name="latentSize"/> latent dimensions.</summary>
    /// <param name="body">The shared trunk; its output is activated by <paramref name="bodyActivation"/> before the heads.</param>
    /// <param name="bodyActivation">Applied to the trunk's output (the trunk's own last layer is linear).</param>
    /// <param name="latentSize">The number of latent dimensions.</param>
    /// <param name="rng">Initialises the heads.</param>
    /// <param name="weightInit">Fills the heads' weights (Glorot/Xavier uniform when null).</param>
    /// <param name="biasInit">Fills the heads' biases given their fan-in (zero when null).</param>
    public GaussianEncoder(Mlp<T> body, Func<Var<T>, Var<T>> bodyActivation, int latentSize, Rng rng, Action<Tensor<T>, Rng>? weightInit = null,
        Action<Tensor<T>, int, Rng>? biasInit = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(bodyActivation);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        Body = body;
        BodyActivation = bodyActivation;
        int width = body.Layers[^1].OutputSize;
        Loc = new Linear<T>(width, latentSize, rng, weightInit, biasInit: biasInit);
        LogVariance = new Linear<T>(width, latentSize, rng, weightInit, biasInit: biasInit);
        parameters.Add("body", body).Add("loc", Loc).Add("logvar", LogVariance);
    }

    /// <summary>The shared trunk.</summary>
    public Mlp<T> Body { get; }

    /// <summary>The activation applied to the trunk's output.</summary>
    public Func<Var<T>, Var<T>> BodyActivation { get; }

    /// <summary>The μ head.</summary>
    public Linear<T> Loc { get; }

    /// <summary>The log σ² head.</summary>
    public Linear<T> LogVariance { get; }

    /// <summary>The number of input features the trunk expects.</summary>
    public int InputSize => Body.Layers[0].InputSize;

    /// <summary>The number of latent dimensions.</summary>
    public int LatentSize => Loc.OutputSize;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => parameters;

    /// <summary>q(z | input): batch shape [batch], event shape [latent].</summary>
    public Independent<T> Forward(Var<T> input)
    {
        var h = BodyActivation(Body.Forward(input));
        return Normal<T>.FromLogVariance(Loc.Forward(h), LogVariance.Forward(h), validate: false).ToEvent(1);
    }
}
