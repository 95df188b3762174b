using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Data;
using Vae.Core.Randomness;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Models;

/// <summary>
/// Using a trained latent-variable model as a generator: samples from the prior, decodes, encodes,
/// reconstructs, interpolates between codes, and (for a conditional model) generates a chosen class.
/// </summary>
/// <remarks>
/// Every function runs on a fresh tape of its own, in one pass, and returns tensors owned by the
/// caller. Randomness comes only from the <see cref="Rng"/> argument; a deterministic decode
/// (<see cref="Decoding.Mean"/>, <see cref="Decoding.Mode"/>) of a posterior mean needs none. A
/// conditional model (<see cref="IConditionalModel{T}"/> with a positive condition size) must be
/// given one condition row per data row (or latent row).
/// </remarks>
public static class Generation
{
    /// <summary><paramref name="count"/> draws z ~ p(z): [count, latent].</summary>
    /// <exception cref="ArgumentException">The prior is not a single distribution over vectors of the latent size.</exception>
    public static Tensor<T> SamplePrior<T>(ILatentVariableModel<T> model, int count, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var prior = model.Prior(new Tape<T>());
        int latent = model.LatentSize;
        if (prior.BatchShape.Rank != 0 || prior.EventShape != new Shape(latent))
            throw new ArgumentException(
                $"The prior must have batch shape [] and event shape [{latent}]; got {prior.BatchShape} and {prior.EventShape}.", nameof(model));
        if (prior.HasRsample) return prior.Rsample(rng, count).Value.Clone();
        var z = new Tensor<T>(new Shape(count, latent));
        for (int i = 0; i < count; i++) prior.Sample(rng).ReadOnlySpan.CopyTo(z.Span.Slice(i * latent, latent));
        return z;
    }

    /// <summary>Decodes the codes <paramref name="z"/> ([n, latent]) into data [n, features].</summary>
    /// <param name="model">The model.</param>
    /// <param name="z">The latent codes.</param>
    /// <param name="decoding">Mean, mode or a draw of p(x | z).</param>
    /// <param name="rng">Draws x for <see cref="Decoding.Sample"/>; unused otherwise.</param>
    /// <param name="conditions">[n, ConditionSize] for a conditional model; null otherwise.</param>
    public static Tensor<T> Decode<T>(ILatentVariableModel<T> model, Tensor<T> z, Decoding decoding, Rng? rng = null, Tensor<T>? conditions = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckLatent(model, z, nameof(z));
        RowBlocks.CheckConditions(model, z.Shape[0], conditions);
        CheckRng(decoding, rng);
        var likelihood = RowBlocks.Bind(model, conditions, 0, z.Shape[0]).Likelihood(new Tape<T>().Constant(z));
        return DecodedData.Read(likelihood, decoding, rng);
    }

    /// <summary>The posterior means E_q[z | x] of the rows of <paramref name="x"/>: [n, latent].</summary>
    /// <param name="model">The model.</param>
    /// <param name="x">[n, features]; missing entries (mask 0) are ignored.</param>
    /// <param name="mask">1 observed, 0 missing; null for complete data.</param>
    /// <param name="conditions">[n, ConditionSize] for a conditional model; null otherwise.</param>
    public static Tensor<T> Encode<T>(ILatentVariableModel<T> model, Tensor<T> x, Tensor<T>? mask = null, Tensor<T>? conditions = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RowBlocks.Check(model, x, mask, conditions);
        var bound = RowBlocks.Bind(model, conditions, 0, x.Shape[0]);
        return bound.Posterior(new Tape<T>().Constant(RowBlocks.ZeroFilled(x, mask)), mask).Mean.Value.Clone();
    }

    /// <summary><paramref name="count"/> new data rows: z ~ p(z), then x decoded from p(x | z).</summary>
    /// <param name="model">The model.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="decoding">Mean, mode or a draw of p(x | z).</param>
    /// <param name="rng">Draws z (and x for <see cref="Decoding.Sample"/>).</param>
    /// <param name="conditions">[count, ConditionSize] for a conditional model; null otherwise.</param>
    public static Tensor<T> Generate<T>(ILatentVariableModel<T> model, int count, Decoding decoding, Rng rng, Tensor<T>? conditions = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        RowBlocks.CheckConditions(model, count, conditions);
        return Decode(model, SamplePrior(model, count, rng), decoding, rng, conditions);
    }

    /// <summary>
    /// <paramref name="count"/> rows of class <paramref name="label"/> from a class-conditional model whose
    /// condition is the one-hot label (ConditionSize classes): z ~ p(z), x decoded from p(x | z, c = label).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The label lies outside 0..ConditionSize-1.</exception>
    public static Tensor<T> GenerateClass<T>(IConditionalModel<T> model, int label, int count, Decoding decoding, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ConditionSize == 0) throw new ArgumentException("The model reads no conditions.", nameof(model));
        return Generate(model, count, decoding, rng, OneHot.Repeat<T>(label, count, model.ConditionSize));
    }

    /// <summary>
    /// Reconstructions of the rows of <paramref name="x"/>: z is the posterior mean (or a draw
    /// z ~ q(z | x) when <paramref name="sampleLatent"/>), then x is decoded from p(x | z).
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="x">[n, features]; missing entries (mask 0) are ignored by the encoder and reconstructed like the rest.</param>
    /// <param name="decoding">Mean, mode or a draw of p(x | z).</param>
    /// <param name="rng">Draws z when <paramref name="sampleLatent"/> and x for <see cref="Decoding.Sample"/>; unused otherwise.</param>
    /// <param name="sampleLatent">Draw z from q(z | x) instead of taking its mean.</param>
    /// <param name="mask">1 observed, 0 missing; null for complete data.</param>
    /// <param name="conditions">[n, ConditionSize] for a conditional model; null otherwise.</param>
    public static Tensor<T> Reconstruct<T>(ILatentVariableModel<T> model, Tensor<T> x, Decoding decoding, Rng? rng = null,
        bool sampleLatent = false, Tensor<T>? mask = null, Tensor<T>? conditions = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RowBlocks.Check(model, x, mask, conditions);
        CheckRng(decoding, rng);
        if (sampleLatent && rng is null) throw new ArgumentNullException(nameof(rng), "Drawing z from q(z | x) needs a generator.");
        var bound = RowBlocks.Bind(model, conditions, 0, x.Shape[0]);
        var tape = new Tape<T>();
        var q = bound.Posterior(tape.Constant(RowBlocks.ZeroFilled(x, mask)), mask);
        var z = sampleLatent ? tape.Constant(q.Sample(rng!)) : q.Mean;
        return DecodedData.Read(bound.Likelihood(z), decoding, rng);
    }

    /// <summary>
    /// The straight line from <paramref name="from"/> to <paramref name="to"/> (each [latent] or
    /// [1, latent]) in <paramref name="steps"/> points z(t) = (1 − t)·from + t·to, t = i / (steps − 1):
    /// [steps, latent], whose first and last rows are the end points exactly.
    /// </summary>
    /// <exception cref="ArgumentException">The end points differ in size.</exception>
    public static Tensor<T> LatentPath<T>(Tensor<T> from, Tensor<T> to, int steps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        int latent = from.Size;
        if (to.Size != latent || from.Shape.Rank > 2 || to.Shape.Rank > 2 || (from.Shape.Rank == 2 && from.Shape[0] != 1) || (to.Shape.Rank == 2 && to.Shape[0] != 1))
            throw new ArgumentException($"The end points must both be [latent] or [1, latent] of one size; got {from.Shape} and {to.Shape}.", nameof(to));
        var path = new Tensor<T>(new Shape(steps, latent));
        var a = from.ReadOnlySpan;
        var b = to.ReadOnlySpan;
        var target = path.Span;
        for (int i = 0; i < steps; i++)
        {
            var t = T.CreateChecked(i) / T.CreateChecked(steps - 1);
            for (int j = 0; j < latent; j++) target[i * latent + j] = (T.One - t) * a[j] + t * b[j];
        }
        return path;
    }

    /// <summary>Decodes <see cref="LatentPath"/>(from, to, steps): [steps, features].</summary>
    /// <param name="model">The model.</param>
    /// <param name="from">The code at t = 0.</param>
    /// <param name="to">The code at t = 1.</param>
    /// <param name="steps">The number of points, end points included (at least 2).</param>
    /// <param name="decoding">Mean, mode or a draw of p(x | z).</param>
    /// <param name="rng">Draws x for <see cref="Decoding.Sample"/>; unused otherwise.</param>
    /// <param name="conditions">[steps, ConditionSize] for a conditional model; null otherwise.</param>
    public static Tensor<T> Interpolate<T>(ILatentVariableModel<T> model, Tensor<T> from, Tensor<T> to, int steps, Decoding decoding,
        Rng? rng = null, Tensor<T>? conditions = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Decode(model, LatentPath(from, to, steps), decoding, rng, conditions);

    private static void CheckRng(Decoding decoding, Rng? rng)
    {
        if (decoding == Decoding.Sample && rng is null)
            throw new ArgumentNullException(nameof(rng), "Sampled decoding needs a generator.");
    }

    private static void CheckLatent<T>(ILatentVariableModel<T> model, Tensor<T> z, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(z, name);
        if (z.Shape.Rank != 2 || z.Shape[1] != model.LatentSize)
            throw new ArgumentException($"Latent codes must have shape [n, {model.LatentSize}]; got {z.Shape}.", name);
    }
}
