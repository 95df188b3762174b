namespace Vae.Core.Autoencoders;

/// <summary>The corruption processes of a denoising autoencoder; see <see cref="Corruption"/>.</summary>
public enum CorruptionKind
{
    /// <summary>A fraction ν of each row's elements, chosen at random, is set to 0.</summary>
    Masking,

    /// <summary>Independent N(0, σ²) noise is added to every element.</summary>
    Gaussian,

    /// <summary>A fraction ν of each row's elements, chosen at random, is set to the low or the high value by a fair coin.</summary>
    SaltAndPepper,
}
