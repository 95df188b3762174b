namespace Vae.Core.Autoencoders;

/// <summary>
/// An element-wise activation s whose derivative s' a model may need in closed form (the
/// contractive penalty): the four of <see cref="DenseNetwork{T}"/>.
/// </summary>
public enum ActivationKind
{
    /// <summary>s(a) = a; s'(a) = 1.</summary>
    Identity,

    /// <summary>s(a) = σ(a) = 1 / (1 + e^(−a)); s'(a) = s(a)(1 − s(a)).</summary>
    Sigmoid,

    /// <summary>s(a) = tanh(a); s'(a) = 1 − s(a)².</summary>
    Tanh,

    /// <summary>s(a) = max(a, 0); s'(a) = 1 for a &gt; 0 and 0 otherwise (the value 0 at the kink, as PyTorch).</summary>
    Relu,
}
