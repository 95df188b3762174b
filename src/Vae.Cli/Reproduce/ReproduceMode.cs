namespace Vae.Cli.Reproduce;

/// <summary>How much training <c>vae reproduce</c> does.</summary>
internal enum ReproduceMode
{
    /// <summary>One epoch of everything: exercises every experiment and file, for the determinism test only; the numbers mean nothing.</summary>
    Smoke,
    /// <summary>The embedded datasets and short training: what CI runs and what the committed <c>paper/</c> shows.</summary>
    Quick,
    /// <summary>Longer training, more seeds and samples, and Fashion-MNIST for the VAE figures when it is installed.</summary>
    Full,
}
