using FsCheck;
using FsCheck.Fluent;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Autodiff;

/// <summary>FsCheck generators for small tensors: random shapes of rank 1 to 3 and values from a chosen range.</summary>
public static class TensorGen
{
    private const int Steps = 1 << 24;

    /// <summary>Dimensions of rank 1 to 3, each extent 1 to 4.</summary>
    public static Gen<int[]> Dims { get; } =
        from rank in Gen.Choose(1, 3)
        from dims in Gen.Choose(1, 4).ArrayOf(rank)
        select dims;

    /// <summary>Uniform on [<paramref name="low"/>, <paramref name="high"/>] on a grid of 2²⁴ steps.</summary>
    public static Gen<double> Uniform(double low, double high) =>
        Gen.Choose(0, Steps).Select(k => low + (high - low) * k / Steps);

    /// <summary>Log-uniform magnitude in [<paramref name="low"/>, <paramref name="high"/>] (both &gt; 0) with a random sign.</summary>
    public static Gen<double> SignedLogUniform(double low, double high) =>
        from m in Uniform(Math.Log(low), Math.Log(high))
        from negative in Gen.Elements(false, true)
        select negative ? -Math.Exp(m) : Math.Exp(m);

    /// <summary>A magnitude uniform in [<paramref name="low"/>, <paramref name="high"/>] with a random sign.</summary>
    public static Gen<double> SignedUniform(double low, double high) =>
        from m in Uniform(low, high)
        from negative in Gen.Elements(false, true)
        select negative ? -m : m;

    /// <summary>A tensor of the given dimensions with elements drawn from <paramref name="values"/>.</summary>
    public static Gen<Tensor<double>> Tensor(int[] dims, Gen<double> values) =>
        values.ArrayOf(new Shape(dims).Size).Select(v => Tensor<double>.FromArray(v, dims));

    /// <summary>A tensor of random <see cref="Dims"/> with elements drawn from <paramref name="values"/>.</summary>
    public static Gen<Tensor<double>> Tensor(Gen<double> values) =>
        from dims in Dims
        from t in Tensor(dims, values)
        select t;

    /// <summary>A tensor of 0s and 1s of the given dimensions.</summary>
    public static Gen<Tensor<double>> Mask(int[] dims) => Tensor(dims, Gen.Elements(0.0, 1.0));
}
