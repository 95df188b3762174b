using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Randomness;
using Vae.Probabilistic.Distributions;
using static Vae.Core.Autodiff.Ops;

namespace Vae.Probabilistic.Divergences;

/// <summary>
/// Kullback–Leibler divergences KL(p‖q) = E_p[log p(X) − log q(X)], analytic where a pair is
/// registered, by Monte Carlo only when asked for.
/// </summary>
/// <remarks>
/// A registry keyed on type pairs, as torch.distributions.kl: each family registers its pairs in its
/// own file (a static constructor). Lookup walks both types' base classes and takes the registered
/// pair with the smallest total distance (the most specific); an unregistered pair is an error that
/// names both types and points at <see cref="MonteCarlo"/>. Results have the batch shape.
/// </remarks>
public static class Kl<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly Dictionary<(Type, Type), Func<Distribution<T>, Distribution<T>, Var<T>>> Pairs = [];
    private static readonly Lock Gate = new();

    /// <summary>Registers the analytic KL between <typeparamref name="TP"/> and <typeparamref name="TQ"/>.</summary>
    public static void Register<TP, TQ>(Func<TP, TQ, Var<T>> divergence)
        where TP : Distribution<T>
        where TQ : Distribution<T>
    {
        ArgumentNullException.ThrowIfNull(divergence);
        lock (Gate) Pairs[(typeof(TP), typeof(TQ))] = (p, q) => divergence((TP)p, (TQ)q);
    }

    /// <summary>Whether an analytic KL(p‖q) is registered for these types.</summary>
    public static bool IsRegistered(Distribution<T> p, Distribution<T> q) => Find(p, q) is not null;

    /// <summary>The analytic KL(p‖q), shape = the batch shape.</summary>
    /// <exception cref="NotSupportedException">No pair is registered for the two types.</exception>
    public static Var<T> Divergence(Distribution<T> p, Distribution<T> q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        var divergence = Find(p, q) ?? throw new NotSupportedException(
            $"No analytic KL is registered for ({Name(p)}, {Name(q)}); register one with Kl<T>.Register or ask for Kl<T>.MonteCarlo explicitly.");
        return divergence(p, q);
    }

    /// <summary>
    /// The Monte Carlo estimate (1/S) Σₛ [log p(xₛ) − log q(xₛ)] with xₛ ~ p, reparameterised when p
    /// allows it (so the estimate is differentiable), shape = the batch shape.
    /// </summary>
    /// <remarks>Unbiased; its standard error is the sample standard deviation of the terms over √S.</remarks>
    public static Var<T> MonteCarlo(Distribution<T> p, Distribution<T> q, Rng rng, int samples)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var x = p.HasRsample ? p.Rsample(rng, samples) : p.Tape.Constant(SampleMany(p, rng, samples));
        return Mean(p.LogProb(x) - q.LogProb(x), 0);
    }

    private static Core.Tensors.Tensor<T> SampleMany(Distribution<T> p, Rng rng, int samples)
    {
        var shape = Distribution<T>.Concat(new Core.Tensors.Shape(samples), p.Shape);
        var all = new Core.Tensors.Tensor<T>(shape);
        int size = p.Shape.Size;
        for (int s = 0; s < samples; s++) p.Sample(rng).ReadOnlySpan.CopyTo(all.Span.Slice(s * size, size));
        return all;
    }

    private static Func<Distribution<T>, Distribution<T>, Var<T>>? Find(Distribution<T> p, Distribution<T> q)
    {
        // Touch both types so their static constructors have registered their pairs.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(p.GetType().TypeHandle);
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(q.GetType().TypeHandle);
        lock (Gate)
        {
            Func<Distribution<T>, Distribution<T>, Var<T>>? best = null;
            int bestDistance = int.MaxValue, dp = 0;
            for (var tp = p.GetType(); tp is not null; tp = tp.BaseType, dp++)
            {
                int dq = 0;
                for (var tq = q.GetType(); tq is not null; tq = tq.BaseType, dq++)
                    if (dp + dq < bestDistance && Pairs.TryGetValue((tp, tq), out var f))
                    {
                        best = f;
                        bestDistance = dp + dq;
                    }
            }
            return best;
        }
    }

    private static string Name(Distribution<T> d) => d.GetType().Name.Split('`')[0] + "<" + typeof(T).Name + ">";
}
