using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>
/// Compares reverse-mode gradients with central finite differences in float64.
/// </summary>
/// <remarks>
/// The function checked is L(θ) = Σ r ⊙ f(θ) with fixed random weights r, so every entry of the
/// vector-Jacobian product is exercised (not just the all-ones cotangent). Central differences with
/// step h have truncation error h²·|f'''|/6 ≈ 1e-12 for |f'''| ≈ 1 and h = 1e-6, and rounding error
/// about ε·|L|/h ≈ 2e-16·|L|/1e-6 ≈ 2e-10·|L|. A tolerance of 1e-6·(1 + |g|) is therefore three
/// orders of magnitude above the numerical noise for |L| up to about 10² yet far below the size of
/// any real mistake (a missing factor or a wrong sign is O(|g|)).
/// </remarks>
public static class GradientCheck
{
    /// <summary>The absolute-plus-relative tolerance justified in the type remarks.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>
    /// Asserts that the tape's gradient of Σ r ⊙ f(inputs) matches central differences for every
    /// element of every input. Returns the largest discrepancy found.
    /// </summary>
    public static double Assert(Func<IReadOnlyList<Var<double>>, Var<double>> f, IReadOnlyList<Tensor<double>> inputs, int seed = 1, double h = 1e-6)
    {
        var tape = new Tape<double>();
        var output = f(inputs.Select(tape.Param).ToArray());
        var weights = RandomWeights(output.Shape, seed);
        Var<double> Loss(IReadOnlyList<Var<double>> p) => Ops.Sum(f(p) * p[0].Tape.Constant(weights));
        var analytic = Grad.ValueAndGrad(inputs, Loss);
        double worst = 0;
        for (int t = 0; t < inputs.Count; t++)
        {
            var x = inputs[t];
            for (int i = 0; i < x.Size; i++)
            {
                double saved = x[i];
                x[i] = saved + h;
                double up = Grad.Value(inputs, Loss);
                x[i] = saved - h;
                double down = Grad.Value(inputs, Loss);
                x[i] = saved;
                double numeric = (up - down) / (2 * h), g = analytic.Gradients[t][i];
                double error = Math.Abs(g - numeric) / (1 + Math.Abs(numeric));
                worst = Math.Max(worst, error);
                if (!(error <= Tolerance))
                    throw new Xunit.Sdk.XunitException(
                        $"Gradient mismatch for input {t} {x.Shape} at element {i}: analytic {g:R}, finite difference {numeric:R}.");
            }
        }
        return worst;
    }

    private static Tensor<double> RandomWeights(Shape shape, int seed)
    {
        var random = new System.Random(seed);
        var w = new Tensor<double>(shape);
        for (int i = 0; i < w.Size; i++) w[i] = random.NextDouble() * 2 - 1;
        return w;
    }
}
