using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Nn;

namespace Vae.Core.Autoencoders;

/// <summary>The functions and closed-form derivatives behind <see cref="ActivationKind"/>.</summary>
internal static class ActivationFunctions
{
    /// <summary>The activation as a function to hand to <see cref="Mlp{T}"/>.</summary>
    public static Func<Var<T>, Var<T>> Function<T>(ActivationKind kind) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        ActivationKind.Identity => Activations.Identity,
        ActivationKind.Sigmoid => Activations.Sigmoid,
        ActivationKind.Tanh => Activations.Tanh,
        ActivationKind.Relu => Activations.Relu,
        _ => throw Unknown(kind),
    };

    /// <summary>s(a) recorded on <paramref name="a"/>'s tape (the identity records nothing).</summary>
    public static Var<T> Apply<T>(ActivationKind kind, Var<T> a) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        ActivationKind.Identity => a,
        ActivationKind.Sigmoid => Ops.Sigmoid(a),
        ActivationKind.Tanh => Ops.Tanh(a),
        ActivationKind.Relu => Ops.Relu(a),
        _ => throw Unknown(kind),
    };

    /// <summary>
    /// s'(a) as a node on the tape, from the activation's output <paramref name="h"/> = s(a), so the
    /// tape differentiates it: σ' = h − h², tanh' = 1 − h², and for ReLU the constant indicator
    /// [h ≠ 0] = [a &gt; 0] (its derivative is 0 almost everywhere). Null for the identity (s' = 1).
    /// </summary>
    public static Var<T>? Derivative<T>(ActivationKind kind, Var<T> h) where T : unmanaged, IFloatingPointIeee754<T> => kind switch
    {
        ActivationKind.Identity => null,
        ActivationKind.Sigmoid => Ops.Sub(h, Ops.Square(h)),
        ActivationKind.Tanh => Ops.AddScalar(Ops.Neg(Ops.Square(h)), T.One),
        ActivationKind.Relu => Ops.Where(h.Value, h.Tape.Constant(ScalarConstants<T>.One), h.Tape.Constant(ScalarConstants<T>.Zero)),
        _ => throw Unknown(kind),
    };

    /// <summary>Throws unless <paramref name="kind"/> is a defined value.</summary>
    public static ActivationKind Check(ActivationKind kind, string name) =>
        Enum.IsDefined(kind) ? kind : throw new ArgumentOutOfRangeException(name, $"Unknown activation {kind}.");

    private static ArgumentOutOfRangeException Unknown(ActivationKind kind) => new(nameof(kind), $"Unknown activation {kind}.");
}
