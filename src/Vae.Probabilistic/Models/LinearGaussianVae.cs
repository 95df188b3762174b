using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using Vae.Core.Autodiff;
using Vae.Core.Nn;
using Vae.Core.Randomness;
using Vae.Core.Tensors;
using Vae.Probabilistic.Distributions;
using Vae.Probabilistic.Linear;
using Vae.Probabilistic.Objectives;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Models;

/// <summary>
/// The linear-Gaussian VAE: prior z ~ N(0, I_q), decoder x | z ~ N(W z + μ, σ² I_D) with one learned
/// log σ² (isotropic, as probabilistic PCA; Tipping and Bishop, 1999), and encoder
/// q(z | x) = N(A x + a, diag exp(s)) with a learned log-variance vector s that does not depend on x.
/// Its generative model is probabilistic PCA, so its ELBO can be checked against the closed-form
/// pPCA log-likelihood (<see cref="ProbabilisticPca"/>, <see cref="ToProbabilisticPca"/>).
/// </summary>
/// <remarks>
/// <para>
/// Why the bound can be tight (Lucas, Tucker, Grosse and Norouzi, 2019, "Don't Blame the ELBO! A
/// Linear VAE Perspective on Posterior Collapse", §4): the exact posterior of pPCA is
/// p(z | x) = N(M⁻¹ Wᵀ (x − μ), σ² M⁻¹) with M = WᵀW + σ² I_q. Its mean is linear in x, which
/// A x + a represents, and its covariance does not depend on x. The pPCA likelihood only sees
/// W Wᵀ, so W is determined up to a rotation; among the maximisers, those with orthogonal columns
/// (W = U_q (Λ_q − σ² I)^{1/2}, up to signs and order) make M, hence the exact posterior covariance,
/// diagonal. There the diagonal q can equal the exact posterior, KL(q ‖ p(z | x)) = 0, and the ELBO
/// equals the maximum log-likelihood: the global maximum of the ELBO is the pPCA maximum-likelihood
/// solution with orthogonal columns.
/// </para>
/// <para>
/// The encoder's variance is a free vector s rather than a linear head s(x) = B x + b because the
/// exact posterior covariance σ² M⁻¹ is the same for every x: an input-dependent head would add D·q
/// weights whose optimal value is zero, contain the same optimum, and only slow the optimisation.
/// </para>
/// <para>
/// Because every term is Gaussian, the ELBO has a closed form (<see cref="ExactElbo"/>):
/// E_q[log p(x | z)] = log N(x; W m + μ, σ² I) − tr(W S Wᵀ) / (2σ²) for q = N(m, S), and
/// KL(q ‖ N(0, I)) = ½ Σⱼ (mⱼ² + Sⱼⱼ − 1 − log Sⱼⱼ). Training on it follows the exact gradient of the
/// ELBO (deterministic); <see cref="Objectives.Elbo.Evaluate{T}"/> on this model gives the
/// reparameterised single-sample estimate of the same quantity.
/// </para>
/// <para>
/// Storage: <see cref="Encoder"/> holds Aᵀ ([D, q]) and a; <see cref="Decoder"/> holds Wᵀ ([q, D]) and μ
/// (the library's <see cref="Linear{T}"/> computes x·weight + bias on row vectors). Parameters are named
/// <c>encoder.weight</c>, <c>encoder.bias</c>, <c>encoder.logvar</c>, <c>decoder.weight</c>,
/// <c>decoder.bias</c> and <c>likelihood.logvar</c>. With a mask, the encoder reads the missing entries
/// as 0 (the standardised mean) and the likelihood drops them; the encoder is then no longer the exact
/// posterior of the observed coordinates, but the ELBO remains a bound on log p(x_o).
/// </para>
/// </remarks>
public sealed class LinearGaussianVae<T> : ILatentVariableModel<T>, IModule<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T LogTwoPi = T.CreateChecked(1.8378770664093454835606594728112);
    private static readonly T Half = T.CreateChecked(0.5);
    private readonly ParameterSet<T> parameters = new();
    private readonly Tensor<T> zeros, ones;
    private readonly Shape latentColumn, featureColumn;

    /// <summary>
    /// A model for <paramref name="inputSize"/> features and <paramref name="latentSize"/> latent
    /// dimensions: A and W Glorot-uniform from <paramref name="rng"/>, a = 0, μ = 0, s = 0 (unit
    /// posterior variances) and log σ² = 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public LinearGaussianVae(int inputSize, int latentSize, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(latentSize, 1);
        ArgumentNullException.ThrowIfNull(rng);
        Encoder = new Linear<T>(inputSize, latentSize, rng);
        EncoderLogVariance = Tensor<T>.Zeros(latentSize);
        Decoder = new Linear<T>(latentSize, inputSize, rng);
        NoiseLogVariance = Tensor<T>.Scalar(T.Zero);
        parameters.Add("encoder", Encoder).Add("encoder.logvar", EncoderLogVariance)
            .Add("decoder", Decoder).Add("likelihood.logvar", NoiseLogVariance);
        zeros = Tensor<T>.Zeros(latentSize);
        ones = Tensor<T>.Full(new Shape(latentSize), T.One);
        latentColumn = new Shape(latentSize, 1);
        featureColumn = new Shape(inputSize, 1);
    }

    /// <summary>D, the number of features.</summary>
    public int InputSize => Encoder.InputSize;

    /// <inheritdoc />
    public int LatentSize => Encoder.OutputSize;

    /// <summary>The posterior mean x ↦ A x + a: weight Aᵀ [D, q], bias a [q].</summary>
    public Linear<T> Encoder { get; }

    /// <summary>s [q]: the log-variances of q(z | x), the same for every x.</summary>
    public Tensor<T> EncoderLogVariance { get; }

    /// <summary>The likelihood mean z ↦ W z + μ: weight Wᵀ [q, D], bias μ [D].</summary>
    public Linear<T> Decoder { get; }

    /// <summary>log σ², a scalar: the isotropic noise log-variance of p(x | z).</summary>
    public Tensor<T> NoiseLogVariance { get; }

    /// <inheritdoc />
    public IReadOnlyList<NamedParameter<T>> Parameters => parameters;

    /// <summary>q(z | x) = N(A x + a, diag exp(s)) for x [batch, D]: batch shape [batch], event shape [q].</summary>
    /// <param name="x">The data, [batch, D].</param>
    /// <param name="mask">1 observed, 0 missing (the encoder reads missing entries as 0, whatever they hold); null when complete.</param>
    public Distribution<T> Posterior(Var<T> x, Tensor<T>? mask)
    {
        ArgumentNullException.ThrowIfNull(x);
        var loc = Encoder.Forward(Observed(x, mask));
        var logVariance = BroadcastTo(x.Tape.Param(EncoderLogVariance), loc.Shape);
        return Normal<T>.FromLogVariance(loc, logVariance, validate: false).ToEvent(1);
    }

    /// <summary>p(x | z) = N(W z + μ, σ² I) for z [rows, q], element-wise: batch shape [rows, D].</summary>
    public Distribution<T> Likelihood(Var<T> z)
    {
        ArgumentNullException.ThrowIfNull(z);
        return Normal<T>.FromLogVariance(Decoder.Forward(z), z.Tape.Param(NoiseLogVariance), validate: false);
    }

    /// <summary>N(0, I_q) on <paramref name="tape"/>.</summary>
    public Distribution<T> Prior(Tape<T> tape)
    {
        ArgumentNullException.ThrowIfNull(tape);
        return new Independent<T>(new Normal<T>(tape.Constant(zeros), tape.Constant(ones), validate: false), 1);
    }

    /// <summary>
    /// The ELBO in closed form, averaged over the batch (nats per example): no sampling, so its gradient
    /// is the exact gradient of the bound. Per example, with m = A x + a, S = diag exp(s) and o the
    /// observed coordinates (all of them without a mask),
    /// Reconstruction = −½ Σ_{i∈o} [log 2πσ² + ((xᵢ − (W m + μ)ᵢ)² + Σⱼ Wᵢⱼ² Sⱼⱼ) / σ²]
    /// (= log N(x_o; W_o m + μ_o, σ² I) − tr(W_o S W_oᵀ) / (2σ²)) and
    /// Kl = ½ Σⱼ (mⱼ² + expm1(sⱼ) − sⱼ); Objective = Elbo = Reconstruction − Kl.
    /// </summary>
    /// <param name="x">The data, [batch, D]; missing entries (mask 0) may hold anything, NaN included.</param>
    /// <param name="mask">1 observed, 0 missing; null when complete.</param>
    /// <remarks>
    /// The KL is written with expm1(s) − s, which keeps full relative accuracy when q's variances are
    /// near 1, where exp(s) − 1 − s cancels.
    /// </remarks>
    /// <exception cref="ArgumentException">x is not [batch, D], or the mask's shape differs from x's.</exception>
    public ElboTerms<T> ExactElbo(Var<T> x, Tensor<T>? mask = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Shape.Rank != 2 || x.Shape[1] != InputSize)
            throw new ArgumentException($"LinearGaussianVae: x must have shape [batch, {InputSize}]; got {x.Shape}.", nameof(x));
        if (mask is not null && mask.Shape != x.Shape)
            throw new ArgumentException($"LinearGaussianVae: the mask must have x's shape {x.Shape}; got {mask.Shape}.", nameof(mask));
        var tape = x.Tape;
        var input = Observed(x, mask);
        var m = Encoder.Forward(input);
        var s = tape.Param(EncoderLogVariance);
        var logNoise = tape.Param(NoiseLogVariance);
        var precision = Exp(-logNoise);
        var residual = input - Decoder.Forward(m);
        if (mask is not null) residual = Mask(residual, mask);
        // vᵢ = Σⱼ Wᵢⱼ² Sⱼⱼ: feature i's share of tr(W S Wᵀ); Wᵀ is stored [q, D].
        var spread = Sum(Square(tape.Param(Decoder.Weight)) * Reshape(Exp(s), latentColumn), 0);
        // cᵢ = log 2π + log σ² + vᵢ / σ²: every per-feature term of −2·Reconstruction but the residual's.
        var perFeature = spread * precision + (logNoise + LogTwoPi);
        var constant = mask is null ? Sum(perFeature) : Sum(MatMul(tape.Constant(mask), Reshape(perFeature, featureColumn)), 1);
        var reconstruction = Mean(Sum(Square(residual), 1) * precision + constant) * -Half;
        var kl = (Mean(Sum(Square(m), 1)) + Sum(Expm1(s) - s)) * Half;
        var elbo = reconstruction - kl;
        return new ElboTerms<T>(elbo, elbo, reconstruction, kl);
    }

    /// <summary>
    /// The current generative model as the closed-form float64 oracle: W (D × q, the transpose of
    /// <see cref="Decoder"/>'s weight), μ and σ² = exp(log σ²).
    /// </summary>
    public ProbabilisticPca ToProbabilisticPca()
    {
        var w = Decoder.Weight;
        var loading = Matrix<double>.Build.Dense(InputSize, LatentSize, (i, j) => double.CreateChecked(w[j, i]));
        var mean = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(InputSize, i => double.CreateChecked(Decoder.Bias![i]));
        return new ProbabilisticPca(loading, mean, Math.Exp(double.CreateChecked(NoiseLogVariance[0])));
    }

    private static Var<T> Observed(Var<T> x, Tensor<T>? mask) => mask is null ? x : Mask(x, mask);
}
