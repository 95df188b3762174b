namespace Vae.Probabilistic.Evaluation;

/// <summary>An importance-sampled estimate of log p(x) over a set of examples.</summary>
/// <param name="PerExample">log p̂(xᵢ) = log (1/K) Σₖ wᵢₖ for each example.</param>
/// <param name="PerExampleStandardError">The delta-method standard error of each log p̂(xᵢ): sd(wᵢ) / (√K · mean(wᵢ)).</param>
/// <param name="Mean">The average of <paramref name="PerExample"/> (nats per example).</param>
/// <param name="StandardError">The Monte Carlo standard error of <paramref name="Mean"/>: √(Σ SEᵢ²) / n.</param>
/// <param name="Samples">K, the importance samples per example.</param>
public sealed record LogLikelihoodEstimate(
    IReadOnlyList<double> PerExample, IReadOnlyList<double> PerExampleStandardError, double Mean, double StandardError, int Samples);
