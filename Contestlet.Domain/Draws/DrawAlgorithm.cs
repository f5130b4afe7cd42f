using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Contestlet.Domain.Draws;

/// <summary>
/// The fair, reproducible draw, version <see cref="Version"/>. Every step is specified in
/// docs/decisions/009-draw-algorithm.md so that anyone can re-implement it; changing any of them needs a new version.
/// </summary>
public static class DrawAlgorithm
{
    public const string Version = "contestlet-draw-v1";
    public const int SeedLength = 32;
    public const int HashLength = 32;

    private const int IdsPerHashChunk = 512;

    /// <summary>
    /// Draws <paramref name="winnerCount"/> winners, then up to <paramref name="alternateCount"/> ordered alternates,
    /// without replacement. With fewer entries than winners plus alternates every entry is drawn, winners first.
    /// </summary>
    public static DrawResult Run(ReadOnlySpan<byte> seed, IEnumerable<long> entryIds, int winnerCount, int alternateCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(winnerCount);
        ArgumentOutOfRangeException.ThrowIfNegative(alternateCount);

        var canonical = Canonicalize(entryIds);
        var entryListHash = HashCanonical(canonical);
        var picks = (int)Math.Min((long)winnerCount + alternateCount, canonical.Length);
        var drawn = SelectInOrder(canonical, picks, new DrawStream(seed, entryListHash));
        var winners = Math.Min(winnerCount, drawn.Count);
        return new DrawResult(
            Version,
            Convert.ToHexStringLower(entryListHash),
            canonical.Length,
            drawn.Take(winners).ToArray(),
            drawn.Skip(winners).ToArray());
    }

    /// <summary>Lower-case hex SHA-256 of the seed: the commitment published when the contest is.</summary>
    public static string Commitment(ReadOnlySpan<byte> seed) => Convert.ToHexStringLower(SHA256.HashData(seed));

    /// <summary>The entry ids in canonical order: ascending. Ids are positive and distinct, as entry ids are.</summary>
    public static long[] Canonicalize(IEnumerable<long> entryIds)
    {
        var ids = entryIds.ToArray();
        Array.Sort(ids);
        for (var i = 0; i < ids.Length; i++)
        {
            if (ids[i] <= 0)
            {
                throw new ArgumentException($"Entry ids are positive; {ids[i]} is not.", nameof(entryIds));
            }

            if (i > 0 && ids[i] == ids[i - 1])
            {
                throw new ArgumentException($"Entry id {ids[i]} appears more than once.", nameof(entryIds));
            }
        }

        return ids;
    }

    /// <summary>SHA-256 over the canonical ids, each written as 8 bytes, big-endian, with nothing between them.</summary>
    public static byte[] EntryListHash(IEnumerable<long> entryIds) => HashCanonical(Canonicalize(entryIds));

    /// <summary>
    /// Partial Fisher–Yates over the canonical list: pick i swaps position i with i + <see cref="UniformIndex"/>(n − i).
    /// Returns min(n, <paramref name="picks"/>) distinct ids in the order drawn.
    /// </summary>
    public static IReadOnlyList<long> SelectInOrder(IReadOnlyList<long> canonicalIds, int picks, IDrawValueSource source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(picks);
        var pool = canonicalIds.ToArray();
        var count = Math.Min(picks, pool.Length);
        for (var i = 0; i < count; i++)
        {
            var j = i + (int)UniformIndex((ulong)(pool.Length - i), source);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..count];
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="bound"/>) by rejection sampling: values at or above the largest multiple
    /// of the bound that fits in 64 bits are thrown away, so every residue is equally likely (no modulo bias).
    /// Always consumes at least one value, even for a bound of 1.
    /// </summary>
    public static ulong UniformIndex(ulong bound, IDrawValueSource source)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var limit = RejectionLimit(bound);
        while (true)
        {
            var value = source.NextValue();
            if (value < limit)
            {
                return value % bound;
            }
        }
    }

    /// <summary>2^64 − (2^64 mod bound): the largest multiple of the bound not above 2^64. Values at or above it are rejected.</summary>
    public static UInt128 RejectionLimit(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var range = UInt128.One << 64;
        return range - (range % bound);
    }

    private static byte[] HashCanonical(long[] canonical)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> chunk = stackalloc byte[IdsPerHashChunk * sizeof(long)];
        for (var start = 0; start < canonical.Length; start += IdsPerHashChunk)
        {
            var length = Math.Min(IdsPerHashChunk, canonical.Length - start);
            for (var k = 0; k < length; k++)
            {
                BinaryPrimitives.WriteInt64BigEndian(chunk[(k * sizeof(long))..], canonical[start + k]);
            }

            hash.AppendData(chunk[..(length * sizeof(long))]);
        }

        return hash.GetHashAndReset();
    }
}
