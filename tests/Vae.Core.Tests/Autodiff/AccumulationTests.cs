using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using static Vae.Core.Tests.Autodiff.TensorCases;

namespace Vae.Core.Tests.Autodiff;

/// <summary>
/// Each op must add to its input's gradient, not overwrite it. A gradient check alone cannot see the
/// difference when the input is used once, because the buffer starts at zero.
/// </summary>
public class AccumulationTests
{
    public static TheoryData<string, int[]> Cases()
    {
        var data = new TheoryData<string, int[]>();
        foreach (string op in new[]
                 {
                     "SumLast", "SumFirst", "SumMiddle", "MeanAxis", "MeanAll", "LogSumExpLast", "LogSumExpFirst", "LogMeanExp",
                     "Reshape", "Slice", "Split", "Concat", "GatherRows", "BroadcastTo",
                 })
            data.Add(op, [2, 3, 4]);
        data.Add("Transpose", [4, 6]);
        data.Add("GatherScalars", [24]);
        return data;
    }

    private static Var<double> Apply(string op, Var<double> x) => op switch
    {
        "SumLast" => Ops.Sum(x, -1),
        "SumFirst" => Ops.Sum(x, 0, keepDims: true),
        "SumMiddle" => Ops.Sum(x, 1),
        "MeanAxis" => Ops.Mean(x, 0),
        "MeanAll" => Ops.Mean(x),
        "LogSumExpLast" => Ops.LogSumExp(x, -1),
        "LogSumExpFirst" => Ops.LogSumExp(x, 0),
        "LogMeanExp" => Ops.LogMeanExp(x, 1),
        "Transpose" => Ops.Transpose(x),
        "Reshape" => Ops.Reshape(x, 4, 6),
        "Slice" => Ops.Slice(x, 1, 2, 1),
        "Split" => Ops.Split(x, [1, 3], -1)[1],
        "Concat" => Ops.Concat([x, x], 0),
        "GatherRows" => Ops.GatherRows(x, [1, 0, 1]),
        "GatherScalars" => Ops.GatherRows(x, [5, 5, 23]),
        _ => Ops.BroadcastTo(x, new Shape(2, 2, 3, 4)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientIsAddedToWhatLaterUsesOfTheInputContributed(string op, int[] dims)
    {
        var x = Random(dims, 11);
        var v = Random(dims, 12);
        var w = Random(Apply(op, new Tape<double>().Constant(x)).Shape.ToArray(), 13);
        var alone = Grad.ValueAndGrad([x], p => Ops.Sum(Apply(op, p[0]) * w)).Gradients[0].ToArray();
        // x ⊙ v is recorded after the op, so its backward runs first and touches x's gradient first.
        var both = Grad.ValueAndGrad([x], p =>
        {
            var y = Ops.Sum(Apply(op, p[0]) * w);
            return y + Ops.Sum(p[0] * v);
        }).Gradients[0].ToArray();
        // The same terms summed in another order (v first): equal to within an ulp or two of numbers below 8.
        for (int i = 0; i < x.Size; i++) Assert.Equal(alone[i] + v[i], both[i], 2e-15);
    }
}
