using Vae.Core.Randomness;

namespace Vae.Core.Tests.Randomness;

public class NormalFillDeterminismTests
{
    /// <summary>
    /// The same state must give the same normal draws every time, wherever the destination starts in
    /// memory and however far the JIT has tiered the code up: with TensorPrimitives' double Sin/Cos,
    /// 15-18 of 40,000 draws changed in the last bit between the first calls and later ones (the
    /// failure disappeared with DOTNET_TieredCompilation=0), so this test repeats the fill at 15 offsets.
    /// </summary>
    [Fact]
    public void NormalFillsDoNotDependOnTheDestinationsAddress()
    {
        const int n = 40000;
        var reference = new double[n];
        Rng.Create(5).FillNormal<double>(reference);
        var buffer = new double[n + 16];
        for (int offset = 1; offset < 16; offset++)
        {
            Rng.Create(5).FillNormal(buffer.AsSpan(offset, n));
            Assert.Equal(reference, buffer.AsSpan(offset, n).ToArray());
        }
        var single = new float[n];
        Rng.Create(6).FillNormal<float>(single);
        var floats = new float[n + 16];
        for (int offset = 1; offset < 16; offset++)
        {
            Rng.Create(6).FillNormal(floats.AsSpan(offset, n));
            Assert.Equal(single, floats.AsSpan(offset, n).ToArray());
        }
    }
}
