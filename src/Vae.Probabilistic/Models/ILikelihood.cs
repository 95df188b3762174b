using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Probabilistic.Distributions;

namespace Vae.Probabilistic.Models;

/// <summary>
/// Turns a decoder network's output into an element-wise observation distribution p(x | z): the
/// family of the decoder (Bernoulli, Gaussian, ...).
/// </summary>
/// <remarks>
/// The network emits <see cref="OutputsPerFeature"/> numbers per data feature, laid out as
/// consecutive blocks of <c>features</c> columns (e.g. [μ | log σ²] for a Gaussian with learned
/// variance). A likelihood may own parameters of its own (a learned global scale): they are in
/// <see cref="IModule{T}.Parameters"/>.
/// </remarks>
public interface ILikelihood<T> : IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>How many network outputs each data feature needs.</summary>
    int OutputsPerFeature { get; }

    /// <summary>p(x | z) from the network output of shape [rows, OutputsPerFeature · features]: batch [rows, features].</summary>
    Distribution<T> Create(Var<T> output);
}
