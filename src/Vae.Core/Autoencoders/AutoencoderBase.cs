using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>
/// What every autoencoder shares: an encoder f, a decoder g, a reconstruction loss L, the
/// reconstruction term L(x, g(f(x))) and tensor-level encoding and decoding. Subclasses define the
/// training objective.
/// </summary>
/// <remarks>
/// Parameters are the encoder's under <c>encoder.</c> and the decoder's under <c>decoder.</c>; the two
/// must not share a tensor. The tensor-level methods (<see cref="Encode(Tensor{T})"/>, …) record on
/// a fresh tape per call: for evaluation, not for a training loop.
/// </remarks>
public abstract class AutoencoderBase<T> : IAutoencoder<T>, IReconstructor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> parameters;

    /// <summary>Checks that the pieces fit: f: d → k and g: k → d.</summary>
    /// <exception cref="ArgumentException">The sizes do not chain, or the two networks share a tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An undefined reconstruction loss.</exception>
    protected AutoencoderBase(INetwork<T> encoder, INetwork<T> decoder, ReconstructionLoss reconstruction)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        if (encoder.OutputSize != decoder.InputSize || decoder.OutputSize != encoder.InputSize)
            throw new ArgumentException(
                $"The encoder maps {encoder.InputSize} → {encoder.OutputSize} and the decoder {decoder.InputSize} → {decoder.OutputSize}; " +
                "an autoencoder needs d → k and k → d.", nameof(decoder));
        Encoder = encoder;
        Decoder = decoder;
        Reconstruction = ReconstructionLosses.Check(reconstruction, nameof(reconstruction));
        parameters = new ParameterSet<T>().Add("encoder", encoder).Add("decoder", decoder);
    }

    /// <summary>The encoder f: [B, d] → [B, k].</summary>
    public INetwork<T> Encoder { get; }

    /// <summary>The decoder g: [B, k] → [B, d] (the reconstruction, or logits for a Bernoulli loss).</summary>
    public INetwork<T> Decoder { get; }

    /// <summary>The loss comparing the decoder output with the input.</summary>
    public ReconstructionLoss Reconstruction { get; }

    /// <inheritdoc cref="IReconstructor{T}.InputSize" />
    public int InputSize => Encoder.InputSize;

    /// <inheritdoc />
    public int CodeSize => Encoder.OutputSize;

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => parameters;

    /// <summary>The code f(x) of <paramref name="x"/> [B, d].</summary>
    public Var<T> Encode(Var<T> x) => Encoder.Forward(x);

    /// <summary>The decoder output g(z) of <paramref name="code"/> [B, k]: the reconstruction, or logits for a Bernoulli loss.</summary>
    public Var<T> Decode(Var<T> code) => Decoder.Forward(code);

    /// <summary>L(x, g(f(x))) averaged over the batch (<see cref="ReconstructionLosses"/>).</summary>
    public Var<T> ReconstructionTerm(Var<T> x) => ReconstructionLosses.Evaluate(Reconstruction, Decode(Encode(x)), x);

    /// <inheritdoc />
    public abstract Var<T> Objective(Var<T> x, Rng rng);

    /// <inheritdoc />
    public Tensor<T> Encode(Tensor<T> x)
    {
        NetworkShapes.CheckInput(x, InputSize, "encoder");
        return Encode(new Tape<T>().Constant(x)).Value.Clone();
    }

    /// <summary>The decoder's raw output g(z) for <paramref name="code"/> [n, k]: the reconstruction, or the logits for a Bernoulli loss (see <see cref="BernoulliDecoding"/>).</summary>
    public Tensor<T> DecoderOutput(Tensor<T> code)
    {
        NetworkShapes.CheckInput(code, CodeSize, "decoder");
        return Decode(new Tape<T>().Constant(code)).Value.Clone();
    }

    /// <inheritdoc />
    public Tensor<T> Decode(Tensor<T> code)
    {
        var output = DecoderOutput(code);
        ReconstructionLosses.Mean(Reconstruction, output, output);
        return output;
    }

    /// <inheritdoc />
    public Tensor<T> Reconstruct(Tensor<T> x) => Decode(Encode(x));

    /// <inheritdoc />
    public double ReconstructionError(Tensor<T> x) => SquaredDistance.MeanRowSquaredError(Reconstruct(x), x);
}
