using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;

namespace Vae.Core.Autoencoders;

/// <summary>
/// The denoising autoencoder: reconstruct the clean input from a corrupted copy x̃ ~ C(x̃ | x),
/// J = (1/B) Σₙ E_{x̃ ~ C(·|xₙ)} L(xₙ, g(f(x̃))), the expectation estimated from L independent
/// corruptions per example: Ĵ = (1/(L·B)) Σₙ Σₗ L(xₙ, g(f(x̃ₙ⁽ˡ⁾))).
/// </summary>
/// <remarks>
/// P. Vincent, H. Larochelle, Y. Bengio and P.-A. Manzagol, "Extracting and composing robust features
/// with denoising autoencoders", ICML 2008; P. Vincent et al., "Stacked denoising autoencoders", JMLR
/// 11, 2010; Goodfellow, Bengio and Courville, <i>Deep Learning</i>, §14.2.2 and §14.5. The L copies
/// are stacked into one [L·B, d] batch (copy l in rows l·B to l·B + B − 1) and passed through the
/// network once, each compared with its clean row; corruptions are drawn from the objective's
/// generator, copy by copy and row by row. Encoding and reconstructing (<see cref="AutoencoderBase{T}.Encode(Autodiff.Var{T})"/>)
/// apply to clean inputs, without corruption.
/// </remarks>
public sealed class DenoisingAutoencoder<T> : AutoencoderBase<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A denoising autoencoder with <paramref name="corruptionsPerExample"/> (L) corruptions of each example per objective.</summary>
    /// <exception cref="ArgumentException">The sizes do not chain, or the networks share a tensor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">L is below 1.</exception>
    public DenoisingAutoencoder(INetwork<T> encoder, INetwork<T> decoder, ReconstructionLoss reconstruction, Corruption corruption,
        int corruptionsPerExample = 1)
        : base(encoder, decoder, reconstruction)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        ArgumentOutOfRangeException.ThrowIfLessThan(corruptionsPerExample, 1);
        Corruption = corruption;
        CorruptionsPerExample = corruptionsPerExample;
    }

    /// <summary>The corruption process C.</summary>
    public Corruption Corruption { get; }

    /// <summary>L, the corrupted copies of each example per objective.</summary>
    public int CorruptionsPerExample { get; }

    /// <summary>Ĵ for the clean batch <paramref name="x"/>, with the corruptions drawn from <paramref name="rng"/>.</summary>
    /// <remarks>The corrupted batch lives in a buffer of the tape, reused after its next reset; allocates nothing in steady state.</remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not [B, d].</exception>
    public override Var<T> Objective(Var<T> x, Rng rng)
    {
        NetworkShapes.CheckInput(x, InputSize, "denoising autoencoder");
        ArgumentNullException.ThrowIfNull(rng);
        var tape = x.Tape;
        int rows = x.Shape[0], d = x.Shape[1], size = rows * d, copies = CorruptionsPerExample;
        var stackedShape = new Tensors.Shape(copies * rows, d);
        var corrupted = tape.Scratch(stackedShape);
        for (int l = 0; l < copies; l++)
            Corruption.Apply(x.Value.ReadOnlySpan, corrupted.Span.Slice(l * size, size), d, rng);
        var target = x;
        if (copies > 1)
        {
            var clean = tape.Scratch(stackedShape);
            for (int l = 0; l < copies; l++) x.Value.ReadOnlySpan.CopyTo(clean.Span.Slice(l * size, size));
            target = tape.Constant(clean);
        }
        return ReconstructionLosses.Evaluate(Reconstruction, Decode(Encode(tape.Constant(corrupted))), target);
    }
}
