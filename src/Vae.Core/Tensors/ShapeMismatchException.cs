namespace Vae.Core.Tensors;

/// <summary>Thrown when an op receives operands whose shapes do not fit together; names the op and both shapes.</summary>
public sealed class ShapeMismatchException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="op"/> and the two offending shapes.</summary>
    public ShapeMismatchException(string op, Shape left, Shape right, string rule)
        : base($"{op}: shapes {left} and {right} do not match ({rule}).")
    {
        Op = op;
        Left = left;
        Right = right;
    }

    /// <summary>The op that refused its operands.</summary>
    public string Op { get; }

    /// <summary>The shape of the first operand.</summary>
    public Shape Left { get; }

    /// <summary>The shape of the second operand.</summary>
    public Shape Right { get; }
}
