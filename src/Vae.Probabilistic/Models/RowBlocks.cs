using System.Numerics;
using Vae.Core.Tensors;

namespace Vae.Probabilistic.Models;

/// <summary>
/// Shared plumbing for passes over a dataset in blocks of rows: argument checks, row copies, and the
/// binding of each block's conditions to a conditional model.
/// </summary>
internal static class RowBlocks
{
    /// <summary>
    /// Checks that <paramref name="x"/> is [n, d], that <paramref name="mask"/> (when given) has its
    /// shape, and that <paramref name="conditions"/> are given, as [n, ConditionSize], exactly when the
    /// model reads conditions (a bound-once condition would be applied to the wrong rows of a block).
    /// </summary>
    public static void Check<T>(ILatentVariableModel<T> model, Tensor<T> x, Tensor<T>? mask, Tensor<T>? conditions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Shape.Rank != 2) throw new ArgumentException($"x must have shape [n, features]; got {x.Shape}.", nameof(x));
        if (mask is not null && mask.Shape != x.Shape)
            throw new ArgumentException($"The mask has shape {mask.Shape}; x has {x.Shape}.", nameof(mask));
        CheckConditions(model, x.Shape[0], conditions);
    }

    /// <summary>Checks that <paramref name="conditions"/> are given, as [rows, ConditionSize], exactly when the model reads conditions.</summary>
    public static void CheckConditions<T>(ILatentVariableModel<T> model, int rows, Tensor<T>? conditions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = model is IConditionalModel<T> conditional ? conditional.ConditionSize : 0;
        if (width == 0)
        {
            if (conditions is not null)
                throw new ArgumentException($"{model.GetType().Name} reads no conditions; pass none.", nameof(conditions));
            return;
        }
        if (conditions is null)
            throw new ArgumentNullException(nameof(conditions), $"This model reads conditions of width {width}; pass one row per data row.");
        if (conditions.Shape.Rank != 2 || conditions.Shape[0] != rows || conditions.Shape[1] != width)
            throw new ArgumentException($"The conditions must have shape [{rows}, {width}]; got {conditions.Shape}.", nameof(conditions));
    }

    /// <summary>A copy of rows start..start+count-1 of the [n, d] tensor <paramref name="x"/>.</summary>
    public static Tensor<T> Rows<T>(Tensor<T> x, int start, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = x.Shape[1];
        var rows = new Tensor<T>(new Shape(count, d));
        x.ReadOnlySpan.Slice(start * d, count * d).CopyTo(rows.Span);
        return rows;
    }

    /// <summary><paramref name="copies"/> copies of the [n, d] tensor <paramref name="x"/> stacked: [copies·n, d] (x itself for one copy).</summary>
    public static Tensor<T> Stack<T>(Tensor<T> x, int copies) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (copies == 1) return x;
        var stacked = new Tensor<T>(new Shape(copies * x.Shape[0], x.Shape[1]));
        for (int c = 0; c < copies; c++) x.ReadOnlySpan.CopyTo(stacked.Span.Slice(c * x.Size, x.Size));
        return stacked;
    }

    /// <summary>The model with the conditions of rows start..start+count-1 bound (the model itself when unconditional).</summary>
    public static ILatentVariableModel<T> Bind<T>(ILatentVariableModel<T> model, Tensor<T>? conditions, int start, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (conditions is null) return model;
        var block = start == 0 && count == conditions.Shape[0] ? conditions : Rows(conditions, start, count);
        return ((IConditionalModel<T>)model).Given(block);
    }

    /// <summary>
    /// x with its missing entries (mask 0) set to 0, so that encoders that ignore the mask never see
    /// NaN or stale values; x itself when there is no mask.
    /// </summary>
    public static Tensor<T> ZeroFilled<T>(Tensor<T> x, Tensor<T>? mask) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (mask is null) return x;
        var filled = new Tensor<T>(x.Shape);
        var source = x.ReadOnlySpan;
        var m = mask.ReadOnlySpan;
        var target = filled.Span;
        for (int i = 0; i < target.Length; i++)
        {
            if (m[i] != T.Zero && m[i] != T.One)
                throw new ArgumentException($"Mask entry {i} is {m[i]}; mask entries must be 0 or 1.", nameof(mask));
            target[i] = m[i] == T.One ? source[i] : T.Zero;
        }
        return filled;
    }
}
