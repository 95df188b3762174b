namespace Vae.Probabilistic.Evaluation;

/// <summary>The activity of each latent unit (see <see cref="ActiveUnits"/>).</summary>
/// <param name="Count">The number of active units: those with <c>Variances[u] &gt; Threshold</c>.</param>
/// <param name="Variances">A_u = Cov_x(E_q[z_u | x]) for each unit u.</param>
/// <param name="Threshold">The activity threshold (0.01 in Burda et al., 2016).</param>
public sealed record ActiveUnitsResult(int Count, IReadOnlyList<double> Variances, double Threshold);
