namespace Vae.Probabilistic.Evaluation;

/// <summary>The error of an imputation on the missing entries only (see <see cref="ImputationError"/>).</summary>
/// <param name="MeanSquaredError">(1/|M|) Σ_{(i,j) ∈ M} (x̂ᵢⱼ − xᵢⱼ)² over the missing entries M.</param>
/// <param name="MissingCells">|M|.</param>
public sealed record ImputationScore(double MeanSquaredError, int MissingCells)
{
    /// <summary>√MSE.</summary>
    public double RootMeanSquaredError => Math.Sqrt(MeanSquaredError);
}
