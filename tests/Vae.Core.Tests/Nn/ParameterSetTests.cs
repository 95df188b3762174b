using Vae.Core.Nn;
using Vae.Core.Tensors;

namespace Vae.Core.Tests.Nn;

public class ParameterSetTests
{
    [Fact]
    public void DuplicateNamesAndTensorsAreRejected()
    {
        var w = Tensor<double>.Zeros(2);
        var set = new ParameterSet<double>().Add("w", w);
        Assert.Throws<ArgumentException>(() => set.Add("w", Tensor<double>.Zeros(2)));
        Assert.Throws<ArgumentException>(() => set.Add("alias", w));
        Assert.Throws<ArgumentException>(() => set.Add("", Tensor<double>.Zeros(2)));
        Assert.Single(set);
    }

    [Fact]
    public void LookupByNameAndPosition()
    {
        Tensor<double> a = Tensor<double>.Zeros(1), b = Tensor<double>.Zeros(3);
        var set = new ParameterSet<double>().Add("a", a).Add("b", b);
        Assert.Same(b, set["b"]);
        Assert.Equal("a", set[0].Name);
        Assert.True(set.Contains("a"));
        Assert.False(set.Contains("c"));
        Assert.Throws<KeyNotFoundException>(() => set["c"]);
        Assert.Equal([a, b], set.Tensors);
    }
}
