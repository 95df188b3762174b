namespace Vae.Core.Randomness;

/// <summary>
/// Everything needed to resume an <see cref="Rng"/> exactly: plain integers, for checkpoints.
/// </summary>
/// <param name="Key">The Philox key (k0 in the low half, k1 in the high half).</param>
/// <param name="Counter">The Philox block that holds the next word (c0, c1 = its low and high halves; c2 = c3 = 0).</param>
/// <param name="WordIndex">Which word (0 to 3) of that block comes next.</param>
/// <remarks>
/// A generator buffers the words of its current block; they are a pure function of
/// (<paramref name="Key"/>, <paramref name="Counter"/>), so <see cref="Rng.FromState"/> recomputes
/// them instead of storing them. Nothing else is buffered: every draw, including the normal
/// variates, consumes whole words from the stream.
/// </remarks>
public sealed record RngState(ulong Key, ulong Counter, int WordIndex);
