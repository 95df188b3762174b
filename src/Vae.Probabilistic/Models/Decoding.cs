namespace Vae.Probabilistic.Models;

/// <summary>How a decoded distribution p(x | z) is turned into data.</summary>
public enum Decoding
{
    /// <summary>
    /// E[x | z]: the probabilities of a Bernoulli decoder, A′(ℓ) of a continuous Bernoulli one (not σ(ℓ)),
    /// the location of a Gaussian or Laplace one, and of a Student-t one with ν &gt; 1 (refused for ν ≤ 1,
    /// where the mean does not exist).
    /// </summary>
    Mean,

    /// <summary>
    /// The most probable x: a Bernoulli decoder's probabilities thresholded at ½ (logit ≥ 0); for a
    /// continuous Bernoulli decoder 1 where the logit is &gt; 0, 0 where it is &lt; 0 and ½ where it is 0
    /// (the density is monotone in x, flat at logit 0); the location of a Gaussian, Laplace or Student-t decoder.
    /// </summary>
    Mode,

    /// <summary>A draw x ~ p(x | z).</summary>
    Sample,
}
