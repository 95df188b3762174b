using System.Numerics;
using System.Runtime.CompilerServices;
using Vae.Core.Tensors;

namespace Vae.Core.Optim;

/// <summary>Stochastic gradient descent with optional momentum (heavy-ball or Nesterov) and L2 weight decay.</summary>
/// <remarks>
/// <para>In the order of PyTorch's torch.optim.SGD (no dampening), at step t with gradient g and parameter θ:</para>
/// <code>
/// g ← g + λθ                                  (λ ≠ 0)
/// b ← g at t = 1, else b·μ + g                 (μ ≠ 0)
/// g ← g + μ·b if Nesterov, else b              (μ ≠ 0)
/// θ ← θ + (−η)·g
/// </code>
/// <para>
/// Nesterov's form is the one of I. Sutskever, J. Martens, G. Dahl and G. Hinton, "On the importance of
/// initialization and momentum in deep learning", ICML 2013, as rewritten by PyTorch. The momentum
/// buffer b (<c>momentum_buffer</c>) exists only when μ ≠ 0.
/// </para>
/// </remarks>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T negativeRate, momentum, weightDecay;

    /// <summary>SGD with learning rate η, momentum μ, L2 weight decay λ, and Nesterov momentum if asked.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite η, μ or λ.</exception>
    /// <exception cref="ArgumentException">Nesterov momentum with μ = 0.</exception>
    public Sgd(IReadOnlyList<Tensor<T>> parameters, double learningRate, double momentum = 0, bool nesterov = false, double weightDecay = 0)
        : base(parameters, learningRate, momentum != 0 ? ["momentum_buffer"] : [])
    {
        Momentum = NonNegative(momentum, nameof(momentum));
        WeightDecay = NonNegative(weightDecay, nameof(weightDecay));
        if (nesterov && momentum == 0)
            throw new ArgumentException("Nesterov momentum needs a momentum > 0.", nameof(nesterov));
        Nesterov = nesterov;
    }

    /// <inheritdoc />
    public override string Algorithm => "Sgd";

    /// <summary>μ, the decay of the momentum buffer (0: plain SGD). Fixed at construction, since it decides whether a buffer exists.</summary>
    public double Momentum { get; }

    /// <summary>Whether the Nesterov form of momentum is used.</summary>
    public bool Nesterov { get; private set; }

    /// <summary>λ, the L2 term added to the gradient.</summary>
    public double WeightDecay { get; private set; }

    private protected override void BeginStep()
    {
        negativeRate = T.CreateChecked(-LearningRate);
        momentum = T.CreateChecked(Momentum);
        weightDecay = T.CreateChecked(WeightDecay);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private protected override void Update(int index, int start, Span<T> p, ReadOnlySpan<T> g)
    {
        bool decay = WeightDecay != 0, first = StepCount == 1, nesterov = Nesterov;
        Span<T> b = Momentum != 0 ? Buffer(0, index, start, p.Length) : default;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> rate = new(negativeRate), mu = new(momentum), lambda = new(weightDecay);
            for (; i <= p.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> pi = new(p[i..]), gi = new(g[i..]);
                if (decay) gi += lambda * pi;
                if (!b.IsEmpty)
                {
                    var bi = first ? gi : new Vector<T>(b[i..]) * mu + gi;
                    bi.CopyTo(b[i..]);
                    gi = nesterov ? gi + mu * bi : bi;
                }
                (pi + rate * gi).CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            T gi = g[i];
            if (decay) gi += weightDecay * p[i];
            if (!b.IsEmpty)
            {
                T bi = first ? gi : b[i] * momentum + gi;
                b[i] = bi;
                gi = nesterov ? gi + momentum * bi : bi;
            }
            p[i] += negativeRate * gi;
        }
    }

    private protected override IEnumerable<(string Name, double Value)> GetHyperparameters() =>
        [("momentum", Momentum), ("nesterov", Nesterov ? 1 : 0), ("weight_decay", WeightDecay)];

    private protected override void SetHyperparameters(IReadOnlyDictionary<string, double> values)
    {
        if (Hyperparameter(values, "momentum") != Momentum)
            throw new ArgumentException($"The state's momentum {values["momentum"]} differs from this optimiser's {Momentum}, which is fixed.", nameof(values));
        bool nesterov = Hyperparameter(values, "nesterov") != 0;
        if (nesterov && Momentum == 0)
            throw new ArgumentException("Nesterov momentum needs a momentum > 0.", nameof(values));
        Nesterov = nesterov;
        WeightDecay = NonNegative(Hyperparameter(values, "weight_decay"), "weight_decay");
    }
}
