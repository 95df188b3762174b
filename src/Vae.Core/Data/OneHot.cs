using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Core.Data;

/// <summary>One-hot codes of class labels: the conditioning input of a conditional VAE.</summary>
public static class OneHot
{
    /// <summary>
    /// Row i of the result [labels.Count, classes] is 1 in column labels[i] and 0 elsewhere.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="classes"/> is not positive, or a label lies outside 0..classes-1 (the message names its position).
    /// </exception>
    public static Tensor<T> Encode<T>(IReadOnlyList<int> labels, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var codes = new Tensor<T>(new Shape(labels.Count, classes));
        var span = codes.Span;
        for (int i = 0; i < labels.Count; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"Label {i} is {label}; labels must lie in 0..{classes - 1}.");
            span[i * classes + label] = T.One;
        }
        return codes;
    }

    /// <summary><paramref name="count"/> rows of the one-hot code of <paramref name="label"/>: [count, classes].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative, or the label lies outside 0..classes-1.</exception>
    public static Tensor<T> Repeat<T>(int label, int count, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Encode<T>(Enumerable.Repeat(label, count).ToArray(), classes);
    }
}
