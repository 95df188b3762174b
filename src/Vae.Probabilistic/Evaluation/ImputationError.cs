using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Evaluation;

/// <summary>
/// How far an imputation is from the held-back truth, on the missing entries only (observed entries
/// are known and would dilute the error): the MSE and RMSE of Mattei and Frellsen (2019, table 2).
/// </summary>
public static class ImputationError
{
    /// <summary>The squared error of <paramref name="imputed"/> against <paramref name="truth"/> where <paramref name="mask"/> is 0, accumulated in double.</summary>
    /// <exception cref="ArgumentException">The shapes differ, a mask entry is not 0 or 1, or no entry is missing.</exception>
    public static ImputationScore Evaluate<T>(Tensor<T> imputed, Tensor<T> truth, Tensor<T> mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(imputed);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(mask);
        if (imputed.Shape != truth.Shape || mask.Shape != truth.Shape)
            throw new ArgumentException($"Shapes differ: imputed {imputed.Shape}, truth {truth.Shape}, mask {mask.Shape}.", nameof(mask));
        var a = imputed.ReadOnlySpan;
        var b = truth.ReadOnlySpan;
        var m = mask.ReadOnlySpan;
        double sum = 0;
        int missing = 0;
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] == T.One) continue;
            if (m[i] != T.Zero) throw new ArgumentException($"Mask entry {i} is {m[i]}; mask entries must be 0 or 1.", nameof(mask));
            double e = double.CreateChecked(a[i]) - double.CreateChecked(b[i]);
            sum += e * e;
            missing++;
        }
        if (missing == 0) throw new ArgumentException("No entry is missing; there is nothing to score.", nameof(mask));
        return new ImputationScore(sum / missing, missing);
    }
}
