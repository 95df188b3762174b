namespace Vae.Probabilistic.Evaluation;

/// <summary>ELBO terms averaged over a dataset (nats per example; see <see cref="DatasetElbo"/>).</summary>
/// <param name="Elbo">Reconstruction − Kl.</param>
/// <param name="Reconstruction">E_q[log p(x | z)], one reparameterised sample per example.</param>
/// <param name="Kl">KL(q(z | x) ‖ p(z)), analytic where registered.</param>
/// <param name="Count">The number of examples.</param>
public sealed record ElboSummary(double Elbo, double Reconstruction, double Kl, int Count);
