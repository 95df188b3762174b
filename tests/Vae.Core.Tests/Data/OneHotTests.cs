using Vae.Core.Data;

namespace Vae.Core.Tests.Data;

public class OneHotTests
{
    [Fact]
    public void EachRowHasASingleOneAtItsLabel()
    {
        var codes = OneHot.Encode<double>([2, 0, 3, 2], 4);
        Assert.Equal(new[] { 4, 4 }, codes.Shape.ToArray());
        Assert.Equal(
            new double[] { 0, 0, 1, 0, /**/ 1, 0, 0, 0, /**/ 0, 0, 0, 1, /**/ 0, 0, 1, 0 },
            codes.ToArray());
    }

    [Fact]
    public void RepeatGivesCountCopiesOfOneCode()
    {
        var codes = OneHot.Repeat<float>(1, 3, 2);
        Assert.Equal(new float[] { 0, 1, 0, 1, 0, 1 }, codes.ToArray());
        Assert.Equal(0, OneHot.Repeat<float>(1, 0, 2).Shape[0]);
    }

    [Fact]
    public void LabelsOutsideTheClassesAreRefusedByPosition()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<double>([0, 5], 5));
        Assert.Contains("Label 1 is 5", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<double>([-1], 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneHot.Encode<double>([0], 0));
    }
}
