using System.Globalization;

namespace Vae.Bench;

/// <summary>A PyTorch thread setting: torch's intra-op threads (torch.set_num_threads) and OpenBLAS's own pool (OPENBLAS_NUM_THREADS).</summary>
internal sealed record PeerThreads(int Torch, int Blas)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"torch {Torch}, OpenBLAS {Blas}");

    /// <summary>
    /// The settings to try for a budget of <paramref name="cores"/>: for one core only (1, 1); for more,
    /// (1, c), (c, c) and (c, 1): the matrix products run in OpenBLAS's pool, the element-wise ops in
    /// torch's, and either may win (or lose to oversubscription when both spin).
    /// </summary>
    public static IReadOnlyList<PeerThreads> Candidates(int cores) =>
        cores == 1 ? [new(1, 1)] : [new(1, cores), new(cores, cores), new(cores, 1)];

    /// <summary>
    /// PyTorch at its fastest setting for <paramref name="cores"/>: the only candidate for one core, the
    /// given setting if any, else the candidate with the fewest seconds in <paramref name="quickCheck"/>
    /// (whose results are printed).
    /// </summary>
    public static PeerThreads Fastest(int cores, PeerThreads? given, Func<PeerThreads, double> quickCheck)
    {
        var candidates = Candidates(cores);
        if (candidates.Count == 1) return candidates[0];
        if (given is not null) return given;
        PeerThreads best = candidates[0];
        double bestSeconds = double.PositiveInfinity;
        foreach (var candidate in candidates)
        {
            double seconds = quickCheck(candidate);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  quick check, PyTorch with {candidate}: {seconds:F2} s"));
            if (seconds < bestSeconds) (best, bestSeconds) = (candidate, seconds);
        }
        Console.WriteLine($"  -> PyTorch on {cores} cores runs with {best}");
        return best;
    }

    /// <summary>Parses <c>--peer-threads TORCH,BLAS</c>; null when not given.</summary>
    /// <exception cref="ArgumentException">Not two positive integers.</exception>
    public static PeerThreads? Parse(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int torch) && torch >= 1
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int blas) && blas >= 1)
            return new PeerThreads(torch, blas);
        throw new ArgumentException($"--peer-threads must be TORCH,BLAS (two positive integers); got '{text}'.");
    }
}
