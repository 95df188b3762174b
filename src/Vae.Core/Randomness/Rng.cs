using System.Runtime.CompilerServices;

namespace Vae.Core.Randomness;

/// <summary>
/// An explicit, seedable, splittable random number generator: the stream of 32-bit words of
/// <see cref="Philox4x32"/> blocks 0, 1, 2, … under a 64-bit key (Salmon et al., SC'11).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Create"/> uses the seed itself as the key, as Random123 intends (any two distinct keys
/// give independent streams; no seed scrambling is needed). A generator draws words in order: block
/// i's words 0, 1, 2, 3, then block i + 1's. Every value is built from whole words: a 64-bit integer
/// is two words (the first one low), a <c>double</c> in [0, 1) the top 53 bits of that, a
/// <c>float</c> the top 24 bits of one word. The bulk fills produce exactly the same values as the
/// scalar draws where both exist (<see cref="FillUniform{T}(Span{T})"/> and
/// <see cref="NextDouble"/>/<see cref="NextSingle"/>), and are deterministic functions of the state
/// and the length for the others.
/// </para>
/// <para>
/// <see cref="Split()"/> gives an independent child stream: it draws the next 64-bit value of this
/// stream (advancing it by two words) and uses it as the child's key, with the child's counter at 0.
/// Philox under distinct keys gives statistically independent streams (Salmon et al.); among n
/// generators made this way two keys coincide with probability about n²/2⁶⁵. A generator is a
/// mutable object for one thread; split it to hand streams to other threads.
/// </para>
/// </remarks>
public sealed partial class Rng
{
    private const int WordsPerBlock = 4;

    private readonly ulong key;
    private ulong counter;
    private Block buffer;
    private int index;

    [InlineArray(WordsPerBlock)]
    private struct Block { private uint element; }

    private Rng(ulong key, ulong counter, int wordIndex)
    {
        this.key = key;
        this.counter = counter;
        index = WordsPerBlock;
        if (wordIndex > 0)
        {
            Refill();
            index = wordIndex;
        }
    }

    /// <summary>A generator whose key is <paramref name="seed"/>, at the start of its stream.</summary>
    public static Rng Create(ulong seed) => new(seed, 0, 0);

    /// <summary>A generator that continues exactly where the one that produced <paramref name="state"/> was.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The word index is outside 0 to 3.</exception>
    public static Rng FromState(RngState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if ((uint)state.WordIndex >= WordsPerBlock)
            throw new ArgumentOutOfRangeException(nameof(state), $"WordIndex must be 0 to 3; got {state.WordIndex}.");
        return new Rng(state.Key, state.Counter, state.WordIndex);
    }

    /// <summary>The position in the stream: key, block and word. Restore it with <see cref="FromState"/>.</summary>
    public RngState GetState() =>
        index == WordsPerBlock ? new RngState(key, counter, 0) : new RngState(key, counter - 1, index);

    /// <summary>
    /// An independent generator keyed by this one's next 64-bit value (so this one advances by two
    /// words). Splitting the same state always gives the same child.
    /// </summary>
    public Rng Split() => new(NextUInt64(), 0, 0);

    /// <summary><paramref name="count"/> independent generators: the results of as many calls to <see cref="Split()"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public Rng[] Split(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var children = new Rng[count];
        for (int i = 0; i < count; i++) children[i] = Split();
        return children;
    }

    /// <summary>The next word of the stream, uniform on 0 to 2³² − 1.</summary>
    public uint NextUInt32()
    {
        if (index == WordsPerBlock) Refill();
        return buffer[index++];
    }

    /// <summary>The next two words as a 64-bit value, the first word in the low half.</summary>
    public ulong NextUInt64()
    {
        ulong low = NextUInt32();
        return low | (ulong)NextUInt32() << 32;
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1): the top 24 bits of <see cref="NextUInt32"/> times 2⁻²⁴.</summary>
    public float NextSingle() => (NextUInt32() >> 8) * (1f / (1 << 24));

    /// <summary>A uniform integer in 0 to <paramref name="maxExclusive"/> − 1, without modulo bias.</summary>
    /// <remarks>
    /// Lemire's multiply-and-reject method (D. Lemire, "Fast random integer generation in an
    /// interval", ACM TOMACS 29(1), 2019): the high half of word × n is uniform once the few low halves
    /// below 2³² mod n are rejected.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is not positive.</exception>
    public int NextInt32(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        uint range = (uint)maxExclusive;
        ulong product = (ulong)NextUInt32() * range;
        if ((uint)product < range)
        {
            uint threshold = (0u - range) % range;
            while ((uint)product < threshold) product = (ulong)NextUInt32() * range;
        }
        return (int)(product >> 32);
    }

    /// <summary>A standard normal variate by the Box–Muller transform (four words).</summary>
    /// <remarks>
    /// z = √(−2 ln u₁) · cos(2π u₂) with u₁ = 1 − <see cref="NextDouble"/> ∈ (0, 1] and
    /// u₂ = <see cref="NextDouble"/>; the companion sine variate is discarded (use
    /// <see cref="FillNormal{T}(Span{T})"/> for many). |z| ≤ √(106 ln 2) ≈ 8.57.
    /// </remarks>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * double.CosPi(2.0 * u2);
    }

    /// <summary>Shuffles <paramref name="values"/> in place uniformly (Fisher–Yates, Durstenfeld's form).</summary>
    /// <remarks>For i = n − 1 down to 1, swaps element i with element <see cref="NextInt32"/>(i + 1).</remarks>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt32(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>A uniformly random permutation of 0 to <paramref name="count"/> − 1: the identity, shuffled.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public int[] Permutation(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var permutation = new int[count];
        for (int i = 0; i < count; i++) permutation[i] = i;
        Shuffle(permutation.AsSpan());
        return permutation;
    }

    /// <summary>Fills <paramref name="destination"/> with the next words of the stream, in order.</summary>
    public void FillUInt32(Span<uint> destination)
    {
        int i = 0;
        while (index < WordsPerBlock && i < destination.Length) destination[i++] = buffer[index++];
        int whole = (destination.Length - i) / WordsPerBlock * WordsPerBlock;
        if (whole > 0)
        {
            Philox4x32.Blocks(key, counter, destination.Slice(i, whole));
            counter += (ulong)(whole / WordsPerBlock);
            i += whole;
        }
        while (i < destination.Length) destination[i++] = NextUInt32();
    }

    private void Refill()
    {
        uint c0 = (uint)counter, c1 = (uint)(counter >> 32), c2 = 0, c3 = 0;
        Philox4x32.Compute(ref c0, ref c1, ref c2, ref c3, (uint)key, (uint)(key >> 32));
        buffer[0] = c0;
        buffer[1] = c1;
        buffer[2] = c2;
        buffer[3] = c3;
        counter++;
        index = 0;
    }
}
