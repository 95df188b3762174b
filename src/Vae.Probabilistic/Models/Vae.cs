using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Models;

/// <summary>
/// The variational autoencoder (Kingma and Welling, 2014; Rezende et al., 2014): z ~ p(z) = N(0, I),
/// x | z ~ p_θ(x | z) given by a decoder network and a likelihood family, with the amortised posterior
/// q_φ(z | x) = N(μ_φ(x), diag σ²_φ(x)). Trained by maximising the ELBO
/// E_q[log p_θ(x | z)] − KL(q_φ(z | x) ‖ p(z)) (see <see cref="Objectives.Elbo"/>).
/// </summary>
/// <remarks>
/// The same class is the conditional VAE (Sohn et al., 2015) when <see cref="VaeOptions{T}.ConditionSize"/>
/// is positive: the encoder reads [x | c] and the decoder [z | c]; bind a batch's conditions with
/// <see cref="Given"/>. With <see cref="VaeOptions{T}.EncoderSeesMask"/> the encoder reads [x ⊙ m | m],
/// the set-up of MIWAE (Mattei and Frellsen, 2019) for data with missing entries. The prior is a
/// standard normal unless another is supplied (a mixture of Gaussians, say).
/// </remarks>
public sealed class Vae<T> : IConditionalModel<T>, IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> parameters = new();
    private readonly Tensor<T> zeros;
    private readonly Func<Tape<T>, Distribution<T>>? prior;
    private Tensor<T>? condition;

    /// <summary>Builds the encoder and decoder of <paramref name="options"/>, initialised from <paramref name="rng"/>.</summary>
    /// <param name="options">The architecture.</param>
    /// <param name="rng">Initialises the weights (He-uniform for ReLU networks is the caller's choice through the activation; Glorot by default).</param>
    /// <param name="prior">p(z) on a tape (event shape [latent]); the standard normal when null.</param>
    public Vae(VaeOptions<T> options, Rng rng, Func<Tape<T>, Distribution<T>>? prior = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        Options = options;
        this.prior = prior;
        int encoderInput = options.InputSize * (options.EncoderSeesMask ? 2 : 1) + options.ConditionSize;
        var hidden = options.HiddenSizes;
        Encoder = new GaussianEncoder<T>(new Mlp<T>([encoderInput, .. hidden], options.Activation, rng, weightInit: options.WeightInit, biasInit: options.BiasInit),
            options.Activation, options.LatentSize, rng, options.WeightInit, options.BiasInit);
        int[] decoderSizes = [options.LatentSize + options.ConditionSize, .. hidden.Reverse(), options.InputSize * options.Likelihood.OutputsPerFeature];
        Decoder = new Mlp<T>(decoderSizes, options.Activation, rng, weightInit: options.WeightInit, biasInit: options.BiasInit);
        parameters.Add("encoder", Encoder).Add("decoder", Decoder).Add("likelihood", options.Likelihood);
        zeros = Tensor<T>.Zeros(options.LatentSize);
    }

    /// <summary>The architecture.</summary>
    public VaeOptions<T> Options { get; }

    /// <summary>q(z | x).</summary>
    public GaussianEncoder<T> Encoder { get; }

    /// <summary>The network from z (and c) to the likelihood's parameters.</summary>
    public Mlp<T> Decoder { get; }

    /// <inheritdoc />
    public int LatentSize => Options.LatentSize;

    /// <inheritdoc />
    public int ConditionSize => Options.ConditionSize;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => parameters;

    /// <summary>
    /// This model with the conditions c of the next batch bound (shape [rows, ConditionSize], e.g. one-hot
    /// labels): its posterior and likelihood read them. Returns this instance (the binding is mutable
    /// state of the model, replaced by the next call).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model has no conditioning input.</exception>
    public Vae<T> Given(Tensor<T> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        if (Options.ConditionSize == 0)
            throw new InvalidOperationException("This VAE has no conditioning input (ConditionSize = 0).");
        if (conditions.Shape.Rank != 2 || conditions.Shape[1] != Options.ConditionSize)
            throw new ArgumentException($"Conditions must have shape [rows, {Options.ConditionSize}]; got {conditions.Shape}.", nameof(conditions));
        condition = conditions;
        return this;
    }

    ILatentVariableModel<T> IConditionalModel<T>.Given(Tensor<T> conditions) => Given(conditions);

    /// <inheritdoc />
    public Distribution<T> Posterior(Var<T> x, Tensor<T>? mask)
    {
        ArgumentNullException.ThrowIfNull(x);
        var input = x;
        if (Options.EncoderSeesMask)
        {
            if (mask is null) throw new ArgumentNullException(nameof(mask), "This VAE's encoder reads the mask; pass one (all ones for complete data).");
            input = Concat([Ops.Mask(x, mask), x.Tape.Constant(mask)]);
        }
        return Encoder.Forward(WithCondition(input));
    }

    /// <inheritdoc />
    public Distribution<T> Likelihood(Var<T> z) => Options.Likelihood.Create(Decoder.Forward(WithCondition(z)));

    /// <inheritdoc />
    public Distribution<T> Prior(Tape<T> tape)
    {
        ArgumentNullException.ThrowIfNull(tape);
        // N(0, I) as N(0, exp(0)): σ = e⁰ = 1 and log σ = 0 exactly, built by the factory that reuses its instance.
        return prior?.Invoke(tape) ?? Normal<T>.FromLogVariance(tape.Constant(zeros), tape.Constant(zeros), validate: false).ToEvent(1);
    }

    private Var<T> WithCondition(Var<T> input)
    {
        if (Options.ConditionSize == 0) return input;
        var c = condition ?? throw new InvalidOperationException("Bind the conditions of the batch with Given(conditions) first.");
        if (c.Shape[0] == input.Shape[0]) return Concat([input, input.Tape.Constant(c)]);
        if (input.Shape[0] % c.Shape[0] != 0)
            throw new ShapeMismatchException("Vae.Condition", input.Shape, c.Shape, "the rows must be a multiple of the conditions' rows");
        // Several samples per condition, stacked sample-major as [K·B, ·]: repeat c K times.
        int k = input.Shape[0] / c.Shape[0];
        var tiled = Reshape(BroadcastTo(input.Tape.Constant(c.Reshape(new Shape(1, c.Shape[0], c.Shape[1]))), new Shape(k, c.Shape[0], c.Shape[1])), input.Shape[0], c.Shape[1]);
        return Concat([input, tiled]);
    }
}
