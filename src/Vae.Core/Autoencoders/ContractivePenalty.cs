using System.Numerics;
using Vae.Core.Autodiff;
using Vae.Core.Tensors;

namespace Vae.Core.Autoencoders;

/// <summary>
/// The squared Frobenius norm of the encoder's Jacobian, ‖J_f(x)‖²_F = Σᵢⱼ (∂fⱼ/∂xᵢ)², exact and in
/// closed form, written with ops so that the tape differentiates it (the tape has no higher-order
/// differentiation; this is the documented way to penalise a Jacobian).
/// </summary>
/// <remarks>
/// <para>
/// One layer h = s(xW + b), W [d, k]: ∂hⱼ/∂xᵢ = s'(aⱼ)Wᵢⱼ with a = xW + b, so
/// ‖J‖²_F = Σⱼ s'(aⱼ)² Σᵢ W²ᵢⱼ (S. Rifai, P. Vincent, X. Muller, X. Glorot and Y. Bengio,
/// "Contractive auto-encoders: explicit invariance during feature extraction", ICML 2011, eq. 7 for
/// the sigmoid), computed in O(B·k + d·k).
/// </para>
/// <para>
/// A deeper <see cref="DenseNetwork{T}"/> h_l = s_l(h_{l−1}W_l + b_l), l = 1..L, has, by the chain rule,
/// the exact Jacobian (as a [d, k] matrix, Jᵢⱼ = ∂hⱼ/∂xᵢ) J = W₁D₁W₂D₂⋯W_L D_L with D_l = diag(s_l'(a_l)).
/// It is built for every example of the batch at once as a [B, d, d_l] tensor, left to right
/// (P₁ = W₁D₁ by broadcasting, then P_l = (P_{l−1}W_l)D_l as one [B·d, d_{l−1}]×[d_{l−1}, d_l] product),
/// and the penalty is Σ P_L² / B: exact for every layer, not only the first, in
/// O(B·d·Σ_{l≥2} d_{l−1}d_l) time and O(B·d·max d_l) memory. While every activation so far is the
/// identity the product does not depend on the example and is kept as a single [1, d, d_l] slice.
/// </para>
/// <para>
/// s' comes from the forward values: σ' = h(1 − h), tanh' = 1 − h², identity' = 1, and for ReLU the
/// indicator [a &gt; 0], a constant whose derivative is 0 almost everywhere (so for ReLU the penalty's
/// gradient flows through the weights only, and the penalty is discontinuous in x and b at a = 0).
/// </para>
/// </remarks>
public static class ContractivePenalty
{
    /// <summary>The code f(x) of the batch <paramref name="x"/> [B, d] and (1/B) Σₙ ‖J_f(xₙ)‖²_F.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not [B, d].</exception>
    public static ContractiveTerms<T> Evaluate<T>(DenseNetwork<T> encoder, Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(encoder);
        NetworkShapes.CheckInput(x, encoder.InputSize, "encoder");
        var tape = x.Tape;
        var layers = encoder.Layers;
        int batch = x.Shape[0], d = x.Shape[1];
        if (layers.Count == 1)
        {
            var (code, derivative) = Layer(encoder, 0, x);
            var columnNorms = Ops.Sum(Ops.Square(tape.Param(layers[0].Weight)), axis: 0);
            var penalty = derivative is null
                ? Ops.Sum(columnNorms)
                : Ops.Scale(Ops.Sum(Ops.Mul(Ops.Square(derivative), columnNorms)), T.One / T.CreateChecked(batch));
            return new ContractiveTerms<T>(code, penalty);
        }
        var h = x;
        Var<T> product = null!;
        for (int l = 0; l < layers.Count; l++)
        {
            var (next, derivative) = Layer(encoder, l, h);
            var weight = tape.Param(layers[l].Weight);
            int width = layers[l].OutputSize;
            if (l == 0)
            {
                product = Ops.Reshape(weight, new Shape(1, d, width));
            }
            else
            {
                int slices = product.Shape[0], previous = product.Shape[2];
                var flat = Ops.Reshape(product, new Shape(slices * d, previous));
                product = Ops.Reshape(Ops.MatMul(flat, weight), new Shape(slices, d, width));
            }
            if (derivative is not null) product = Ops.Mul(product, Ops.Reshape(derivative, new Shape(batch, 1, width)));
            h = next;
        }
        var sum = Ops.Sum(Ops.Square(product));
        return new ContractiveTerms<T>(h, product.Shape[0] == 1 ? sum : Ops.Scale(sum, T.One / T.CreateChecked(batch)));
    }

    /// <summary>Layer <paramref name="l"/>'s output and its activation's derivative s'(a) (null for the identity).</summary>
    private static (Var<T> Output, Var<T>? Derivative) Layer<T>(DenseNetwork<T> encoder, int l, Var<T> input)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kind = encoder.ActivationAfter(l);
        var a = encoder.Layers[l].Forward(input);
        var h = ActivationFunctions.Apply(kind, a);
        return (h, ActivationFunctions.Derivative(kind, h));
    }
}
