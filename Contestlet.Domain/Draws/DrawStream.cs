using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Contestlet.Domain.Draws;

/// <summary>
/// The draw's deterministic stream: block c = HMAC-SHA256(key = seed, message = entry-list hash ‖ c as 8-byte big-endian),
/// c = 0, 1, 2, …; each 32-byte block yields four unsigned 64-bit big-endian values, used in order.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A stream of values derived from the seed (the algorithm's own term, docs/decisions/009), not an I/O Stream.")]
public sealed class DrawStream : IDrawValueSource
{
    private const int ValuesPerBlock = HMACSHA256.HashSizeInBytes / sizeof(ulong);

    private readonly byte[] _seed;
    private readonly byte[] _message = new byte[DrawAlgorithm.HashLength + sizeof(ulong)];
    private readonly byte[] _block = new byte[HMACSHA256.HashSizeInBytes];
    private ulong _counter;
    private int _nextInBlock = ValuesPerBlock;

    public DrawStream(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> entryListHash)
    {
        if (seed.Length != DrawAlgorithm.SeedLength)
        {
            throw new ArgumentException($"The seed must be {DrawAlgorithm.SeedLength} bytes.", nameof(seed));
        }

        if (entryListHash.Length != DrawAlgorithm.HashLength)
        {
            throw new ArgumentException($"The entry-list hash must be {DrawAlgorithm.HashLength} bytes.", nameof(entryListHash));
        }

        _seed = seed.ToArray();
        entryListHash.CopyTo(_message);
    }

    /// <summary>How many HMAC blocks have been computed so far.</summary>
    public ulong BlocksUsed => _counter;

    public ulong NextValue()
    {
        if (_nextInBlock == ValuesPerBlock)
        {
            BinaryPrimitives.WriteUInt64BigEndian(_message.AsSpan(DrawAlgorithm.HashLength), _counter);
            HMACSHA256.HashData(_seed, _message, _block);
            _counter++;
            _nextInBlock = 0;
        }

        var value = BinaryPrimitives.ReadUInt64BigEndian(_block.AsSpan(_nextInBlock * sizeof(ulong), sizeof(ulong)));
        _nextInBlock++;
        return value;
    }
}
