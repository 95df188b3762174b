using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;

namespace Vae.Core.Autoencoders;

/// <summary>
/// A model trained by minimising a scalar objective of a batch: what <see cref="AutoencoderTraining"/>
/// needs. Every autoencoder here implements it; a stochastic objective (denoising, a VAE's
/// reparameterised ELBO) draws its noise from the generator it is given.
/// </summary>
public interface IAutoencoder<T> : IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The number of features of a data row.</summary>
    int InputSize { get; }

    /// <summary>
    /// The training objective of the batch <paramref name="x"/> [B, InputSize] (a constant on its
    /// tape), to minimise: a scalar averaged over the rows, so that it does not scale with B.
    /// Random draws come from <paramref name="rng"/> only.
    /// </summary>
    Var<T> Objective(Var<T> x, Rng rng);
}
