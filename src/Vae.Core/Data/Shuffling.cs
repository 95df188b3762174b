namespace Vae.Core.Data;

/// <summary>Seeded, deterministic shuffling of row indices.</summary>
/// <remarks>
/// The permutation of an epoch is a pure function of (count, seed, epoch): a Fisher–Yates shuffle
/// driven by counter-based SplitMix64 draws with unbiased bounded integers. It does not depend on
/// earlier epochs, on thread count or on the platform, so any epoch can be replayed on its own.
/// <see cref="MiniBatcher{T}"/> visits rows in exactly this order.
/// </remarks>
public static class Shuffling
{
    /// <summary>A uniformly random permutation of 0..<paramref name="count"/>-1 for <paramref name="epoch"/> under <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="epoch"/> is negative.</exception>
    public static int[] Permutation(int count, ulong seed, int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var order = new int[count];
        SplitMix64.Permute(order, SplitMix64.Key(seed, DrawPurpose.Shuffle, epoch));
        return order;
    }
}
