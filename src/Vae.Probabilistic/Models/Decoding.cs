namespace Vae.Probabilistic.Models;

/// <summary>How a decoded distribution p(x | z) is turned into data.</summary>
public enum Decoding
{
    /// <summary>E[x | z]: the probabilities of a Bernoulli decoder, the mean of a Gaussian one.</summary>
    Mean,

    /// <summary>The most probable x: a Bernoulli decoder's probabilities thresholded at ½ (logit ≥ 0), a Gaussian decoder's mean.</summary>
    Mode,

    /// <summary>A draw x ~ p(x | z).</summary>
    Sample,
}
