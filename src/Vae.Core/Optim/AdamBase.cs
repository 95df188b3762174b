using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Optim;

/// <summary>
/// The Adam update shared by <see cref="Adam{T}"/> (weight decay as an L2 term in the gradient) and
/// <see cref="AdamW{T}"/> (decoupled weight decay).
/// </summary>
/// <remarks>
/// <para>
/// D. P. Kingma and J. Ba, "Adam: A method for stochastic optimization", ICLR 2015, Algorithm 1, in
/// the order of PyTorch's single-tensor implementation (torch.optim.Adam/AdamW, version 1.13), at step
/// t with gradient g and parameter θ:
/// </para>
/// <code>
/// g ← g + λθ                      (Adam, λ ≠ 0)      θ ← θ·(1 − ηλ)   (AdamW)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + ((1 − β₂)·g)·g
/// d ← √v / √(1 − β₂ᵗ) + ε
/// θ ← θ + ((−η / (1 − β₁ᵗ))·m) / d
/// </code>
/// <para>
/// The scalars (1 − β₁ᵗ, √(1 − β₂ᵗ), η/(1 − β₁ᵗ), 1 − ηλ, 1 − β) are computed in double and then
/// rounded to <typeparamref name="T"/>, as PyTorch does with its Python-float hyperparameters; the
/// element-wise arithmetic is in <typeparamref name="T"/>. ε is added after the bias correction of
/// √v (PyTorch's form, not the ε̂ of Kingma and Ba's efficient variant). PyTorch ≥ 2.0 writes the first
/// moment as m.lerp(g, 1 − β₁), the same value up to rounding.
/// </para>
/// </remarks>
public abstract class AdamBase<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int FirstMoment = 0, SecondMoment = 1;
    private AdamKernel.Scalars<T> scalars;

    private protected AdamBase(IReadOnlyList<Tensor<T>> parameters, double learningRate, double beta1, double beta2,
        double epsilon, double weightDecay)
        : base(parameters, learningRate, ["exp_avg", "exp_avg_sq"])
    {
        SetBetas(beta1, beta2);
        Epsilon = NonNegative(epsilon, nameof(epsilon));
        WeightDecay = NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>The decay rate β₁ of the first-moment average.</summary>
    public double Beta1 { get; private set; }

    /// <summary>The decay rate β₂ of the second-moment average.</summary>
    public double Beta2 { get; private set; }

    /// <summary>ε, added to the bias-corrected √v.</summary>
    public double Epsilon { get; private set; }

    /// <summary>λ: an L2 term in the gradient for <see cref="Adam{T}"/>, a decay of the parameters for <see cref="AdamW{T}"/>.</summary>
    public double WeightDecay { get; private set; }

    /// <summary>Whether the weight decay is decoupled from the gradient (AdamW).</summary>
    private protected abstract bool Decoupled { get; }

    private protected override void BeginStep()
    {
        double correction1 = 1 - Math.Pow(Beta1, StepCount), correction2 = 1 - Math.Pow(Beta2, StepCount);
        scalars = new AdamKernel.Scalars<T>(
            Beta1: T.CreateChecked(Beta1),
            OneMinusBeta1: T.CreateChecked(1 - Beta1),
            Beta2: T.CreateChecked(Beta2),
            OneMinusBeta2: T.CreateChecked(1 - Beta2),
            L2: Decoupled ? T.Zero : T.CreateChecked(WeightDecay),
            Decay: Decoupled ? T.CreateChecked(1 - LearningRate * WeightDecay) : T.One,
            Correction2Sqrt: T.CreateChecked(Math.Sqrt(correction2)),
            Epsilon: T.CreateChecked(Epsilon),
            NegativeStepSize: T.CreateChecked(-(LearningRate / correction1)));
    }

    private protected override void Update(int index, int start, Span<T> parameter, ReadOnlySpan<T> gradient) =>
        AdamKernel.Update(parameter, gradient, Buffer(FirstMoment, index, start, parameter.Length),
            Buffer(SecondMoment, index, start, parameter.Length), scalars,
            applyL2: !Decoupled && WeightDecay != 0, applyDecay: Decoupled && WeightDecay != 0);

    private protected override IEnumerable<(string Name, double Value)> GetHyperparameters() =>
        [("beta1", Beta1), ("beta2", Beta2), ("eps", Epsilon), ("weight_decay", WeightDecay)];

    private protected override void SetHyperparameters(IReadOnlyDictionary<string, double> values)
    {
        SetBetas(Hyperparameter(values, "beta1"), Hyperparameter(values, "beta2"));
        Epsilon = NonNegative(Hyperparameter(values, "eps"), "eps");
        WeightDecay = NonNegative(Hyperparameter(values, "weight_decay"), "weight_decay");
    }

    private void SetBetas(double beta1, double beta2)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"beta1 must be in [0, 1); got {beta1}.");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"beta2 must be in [0, 1); got {beta2}.");
        Beta1 = beta1;
        Beta2 = beta2;
    }
}
