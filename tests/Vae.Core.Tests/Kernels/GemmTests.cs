using System.Numerics;
using Vae.Core.Kernels;

namespace Vae.Core.Tests.Kernels;

public class GemmTests
{
    /// <summary>Fixed (a, b) pairs for the two dimensions not being swept: 1 and 7 hit row/column tails and single vectors, 33 and 70 full panels plus tails.</summary>
    private static readonly (int, int)[] FixedPairs = [(1, 1), (7, 33), (33, 70), (70, 7)];

    public static TheoryData<char> SweptDimensions => new() { 'm', 'n', 'k' };

    /// <summary>
    /// Every m, n or k from 1 to 70 (the others fixed), every transpose combination, overwrite and
    /// accumulate, float and double: checked against a float64 reference within the error bound, and
    /// bit-for-bit against the scalar path, the Vector256 path and 2 and 3 threads.
    /// </summary>
    [Theory]
    [MemberData(nameof(SweptDimensions))]
    public void SweepOfEveryTailMatchesReferenceAndIsBitIdenticalAcrossPathsAndThreads(char swept)
    {
        var random = new Random(swept);
        foreach (var (x, y) in FixedPairs)
            for (int s = 1; s <= 70; s++)
            {
                var (m, n, k) = swept switch { 'm' => (s, x, y), 'n' => (x, s, y), _ => (x, y, s) };
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                    {
                        bool accumulate = (s + (ta ? 1 : 0) + (tb ? 2 : 0)) % 2 == 0;
                        Check<float>(random, m, n, k, ta, tb, accumulate, alsoOtherPaths: true);
                        Check<double>(random, m, n, k, ta, tb, !accumulate, alsoOtherPaths: true);
                    }
            }
    }

    public static TheoryData<int, int, int, bool, bool> VaeShapes => new()
    {
        // forward X·W, input gradient Ȳ·Wᵀ, weight gradient Xᵀ·Ȳ for the 784↔400 layers at batch 128
        { 128, 400, 784, false, false },
        { 128, 784, 400, false, false },
        { 128, 784, 400, false, true },
        { 128, 400, 784, false, true },
        { 784, 400, 128, true, false },
        { 400, 784, 128, true, false },
        { 128, 20, 400, false, false },
        { 400, 20, 128, true, false },
    };

    [Theory]
    [MemberData(nameof(VaeShapes))]
    public void VaeShapesMatchReferenceAndAreBitIdenticalAcrossThreads(int m, int n, int k, bool ta, bool tb)
    {
        var random = new Random(m + n + k);
        Check<float>(random, m, n, k, ta, tb, accumulate: true, alsoOtherPaths: false);
        Check<float>(random, m, n, k, ta, tb, accumulate: false, alsoOtherPaths: false);
    }

    /// <summary>k beyond one k block (512 on Vector512, 1024 on Vector256): later blocks must resume the chains exactly.</summary>
    [Fact]
    public void DeepInnerDimensionsMatchReferenceAndAreBitIdenticalAcrossPaths()
    {
        var random = new Random(17);
        foreach (var (m, n, k) in new[] { (13, 37, 777), (9, 5, 1100), (2, 3, 5000) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    Check<float>(random, m, n, k, ta, tb, accumulate: ta, alsoOtherPaths: true);
                    Check<double>(random, m, n, k, ta, tb, accumulate: !ta, alsoOtherPaths: true);
                }
    }

    /// <summary>Rows of B 4 KiB apart are copied before use (cache sets); the copy must not change a bit.</summary>
    [Fact]
    public void CriticalStrideOperandsMatchReferenceAndAreBitIdenticalAcrossPaths()
    {
        var random = new Random(19);
        Check<float>(random, 11, 1024, 40, false, false, accumulate: true, alsoOtherPaths: true);
        Check<double>(random, 11, 512, 40, true, false, accumulate: false, alsoOtherPaths: true);
    }

    [Fact]
    public void DoubleVaeShapeWithBothTransposesMatchesReference() =>
        Check<double>(new Random(3), 128, 400, 784, true, true, accumulate: true, alsoOtherPaths: false);

    [Fact]
    public void PublicThreadSettingGivesBitIdenticalResults()
    {
        var random = new Random(11);
        int m = 128, n = 400, k = 784;
        float[] a = Fill<float>(random, m * k), b = Fill<float>(random, k * n);
        float[] one = new float[m * n], two = new float[m * n];
        int saved = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = 1;
            Gemm.Multiply<float>(a, b, one, m, n, k, transposeB: false);
            ComputeThreads.Count = 2;
            Gemm.Multiply<float>(a, b, two, m, n, k);
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
        Assert.Equal(one, two);
    }

    /// <summary>Callers on several threads at once share the workers (or run alone when they are busy) and still get identical results.</summary>
    [Fact]
    public void ConcurrentCallersGetBitIdenticalResults()
    {
        var random = new Random(13);
        int m = 96, n = 136, k = 300;
        float[] a = Fill<float>(random, m * k), b = Fill<float>(random, n * k);
        var expected = new float[m * n];
        Gemm.MultiplyOn<float>(GemmPath.Auto, 1, a, b, expected, m, n, k, false, true, false);
        var results = new float[4][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length }, caller =>
        {
            var c = new float[m * n];
            for (int repeat = 0; repeat < 20; repeat++) Gemm.MultiplyOn<float>(GemmPath.Auto, 2, a, b, c, m, n, k, false, true, false);
            results[caller] = c;
        });
        foreach (var c in results) Assert.Equal(expected, c);
    }

    [Fact]
    public void ThreadSettingIsClampedToOneThroughProcessorCount()
    {
        int saved = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = 0;
            Assert.Equal(1, ComputeThreads.Count);
            ComputeThreads.Count = Environment.ProcessorCount + 5;
            Assert.Equal(Environment.ProcessorCount, ComputeThreads.Count);
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Fact]
    public void OtherElementTypesUseTheScalarPathAndMatchReference()
    {
        // Half: unit roundoff 2^-11, and Half.FusedMultiplyAdd rounds through float first (+2^-24).
        var random = new Random(5);
        foreach (var (m, n, k) in new[] { (3, 5, 4), (9, 17, 33), (1, 40, 7) })
            Check<Half>(random, m, n, k, true, false, accumulate: true, alsoOtherPaths: false, unitRoundoff: Math.ScaleB(1, -11) + Math.ScaleB(1, -24));
    }

    [Fact]
    public void EmptyInnerDimensionOverwritesWithZeroOrLeavesC()
    {
        float[] c = [1f, 2f, 3f, 4f, 5f, 6f];
        Gemm.Multiply<float>([], [], c, 2, 3, 0, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], c);
        Gemm.Multiply<float>([], [], c, 2, 3, 0);
        Assert.Equal(new float[6], c);
    }

    [Fact]
    public void ShortSpansThrowNamingTheOperandAndTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new float[11], new float[20], new float[15], 3, 5, 4));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("A must hold 3x4 = 12 elements", e.Message);
        Assert.Contains("has 11", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(new float[12], new float[19], new float[15], 3, 5, 4, transposeB: true));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("B must hold 5x4 (transposed) = 20 elements", e.Message);

        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<double>(new double[12], new double[20], new double[14], 3, 5, 4));
        Assert.Equal("c", e.ParamName);
        Assert.Contains("C must hold 3x5 = 15 elements", e.Message);
    }

    [Fact]
    public void NegativeDimensionsAndOverlappingOutputThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply<float>([], [], [], -1, 2, 2));
        var shared = new float[16];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(shared, new float[4], shared.AsSpan(2), 2, 2, 2));
        Assert.Contains("overlap", e.Message);
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var random = new Random(9);
        int m = 64, n = 72, k = 50;
        float[] a = Fill<float>(random, m * k), b = Fill<float>(random, n * k), c = new float[m * n];
        foreach (int threads in new[] { 1, 2 })
        {
            Gemm.MultiplyOn<float>(GemmPath.Auto, threads, a, b, c, m, n, k, false, true, false);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) Gemm.MultiplyOn<float>(GemmPath.Auto, threads, a, b, c, m, n, k, false, true, true);
            Assert.Equal((threads, before), (threads, GC.GetAllocatedBytesForCurrentThread()));
        }
    }

    /// <summary>
    /// Multiplies random operands and checks every element against a float64 reference, within the
    /// rounding-error bound of a sum of k products and the initial C (k+1 roundings in the fma chain):
    /// |ours - exact| ≤ γ(k+1)·(Σ_p |a_ip|·|b_pj| + |c_ij|), with γ(n) = n·u/(1 - n·u) and u the unit
    /// roundoff of <typeparamref name="T"/>; the float64 reference is itself within the same bound with
    /// u = 2^-53, so the two bounds add. A wrong or missing term of size |a·b| breaks this at once.
    /// </summary>
    private static void Check<T>(Random random, int m, int n, int k, bool ta, bool tb, bool accumulate, bool alsoOtherPaths, double unitRoundoff = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] a = Fill<T>(random, m * k), b = Fill<T>(random, k * n), c0 = Fill<T>(random, m * n);
        var c = (T[])c0.Clone();
        Gemm.MultiplyOn<T>(GemmPath.Auto, 1, a, b, c, m, n, k, ta, tb, accumulate);

        double u = unitRoundoff > 0 ? unitRoundoff : double.CreateTruncating(T.Epsilon) > 0 ? Math.ScaleB(1, -(BitsOfPrecision<T>())) : 0;
        double gamma = Gamma(k + 1, u) + Gamma(k + 1, Math.ScaleB(1, -53));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = double.CreateTruncating(ta ? a[p * m + i] : a[i * k + p]);
                    double y = double.CreateTruncating(tb ? b[j * k + p] : b[p * n + j]);
                    sum += x * y;
                    magnitude += Math.Abs(x * y);
                }
                double initial = accumulate ? double.CreateTruncating(c0[i * n + j]) : 0;
                double expected = sum + initial, bound = gamma * (magnitude + Math.Abs(initial));
                double actual = double.CreateTruncating(c[i * n + j]);
                if (!(Math.Abs(actual - expected) <= bound))
                    Assert.Fail($"{typeof(T).Name} m={m} n={n} k={k} ta={ta} tb={tb} acc={accumulate}: C[{i},{j}] = {actual}, expected {expected} ± {bound}");
            }

        foreach (int threads in new[] { 2, 3 })
            AssertSame(c, Run(GemmPath.Auto, threads), $"{threads} threads");
        if (!alsoOtherPaths) return;
        AssertSame(c, Run(GemmPath.Scalar, 1), "scalar path");
        if (Gemm.AutoPath<T>() == GemmPath.Vector512 && GemmKernels256<T>.IsSupported)
            AssertSame(c, Run(GemmPath.Vector256, 2), "Vector256 path");

        T[] Run(GemmPath path, int threads)
        {
            var other = (T[])c0.Clone();
            Gemm.MultiplyOn<T>(path, threads, a, b, other, m, n, k, ta, tb, accumulate);
            return other;
        }

        void AssertSame(T[] expected, T[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                if (!expected[i].Equals(actual[i]))
                    Assert.Fail($"{typeof(T).Name} m={m} n={n} k={k} ta={ta} tb={tb} acc={accumulate}: {what} gives C[{i}] = {actual[i]}, one thread on the default path {expected[i]}.");
        }
    }

    private static int BitsOfPrecision<T>() where T : IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? 24 : typeof(T) == typeof(double) ? 53 : throw new ArgumentException("Give the unit roundoff for " + typeof(T).Name);

    private static double Gamma(int terms, double u) => terms * u / (1 - terms * u);

    private static T[] Fill<T>(Random random, int size) where T : IFloatingPointIeee754<T>
    {
        var x = new T[size];
        for (int i = 0; i < size; i++) x[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        return x;
    }
}
