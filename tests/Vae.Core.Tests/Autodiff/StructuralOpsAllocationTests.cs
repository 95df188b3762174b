using Vae.Core.Autodiff;
using Vae.Core.Tensors;
using static Vae.Core.Tests.Autodiff.TensorCases;

namespace Vae.Core.Tests.Autodiff;

public class StructuralOpsAllocationTests
{
    [Fact]
    public void ASteadyStateStepThroughTheReductionAndShapeOpsAllocatesNothing()
    {
        var data = Random([10, 6], 1);
        var w = Random([6, 4], 2);
        int[] batch = [3, 7, 7, 0];
        var parts = new Var<double>[2];
        var tape = new Tape<double>();
        // Every op of this change except Split (documented to return a new array): gather a batch,
        // project, cut and rejoin the features, and reduce with each reduction.
        Var<double> Loss(Tape<double> t)
        {
            var x = Ops.GatherRows(t.Param(data), batch);
            var h = Ops.MatMul(x, t.Param(w));
            parts[0] = Ops.Slice(h, 2, 2);
            parts[1] = Ops.Slice(h, 0, 2);
            var joined = Ops.Concat(parts, -1);
            var flipped = Ops.Reshape(Ops.Transpose(joined), new Shape(2, 2, 4));
            var wide = Ops.BroadcastTo(Ops.Sum(flipped, 1, keepDims: true), new Shape(2, 3, 4));
            var reduced = Ops.LogSumExp(wide, 0) + Ops.LogMeanExp(wide, -1, keepDims: true) - Ops.Mean(wide, 1, keepDims: true);
            return Ops.Mean(reduced) + Ops.Sum(Ops.Mean(joined, 0));
        }
        Func<Tape<double>, Var<double>> loss = Loss;
        Tensor<double>[] parameters = [data, w];
        for (int i = 0; i < 3; i++) tape.ValueAndGrad(parameters, loss);
        double value = double.NaN;
        Assert.Equal(0, AllocationProbe.Quietest(() => value = tape.ValueAndGrad(parameters, loss).Value));
        Assert.True(double.IsFinite(value));
    }
}
