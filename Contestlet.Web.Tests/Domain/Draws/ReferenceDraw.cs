using System.Numerics;
using System.Security.Cryptography;

namespace Contestlet.Web.Tests.Domain.Draws;

/// <summary>
/// A second, deliberately plain implementation of docs/decisions/009-draw-algorithm.md, written from the document
/// and sharing no code with Contestlet.Domain.Draws: if the two ever disagree, one of them has drifted from the spec.
/// </summary>
internal static class ReferenceDraw
{
    public static (string EntryListHash, List<long> Winners, List<long> Alternates) Run(byte[] seed, IEnumerable<long> ids, int winners, int alternates)
    {
        var sorted = ids.OrderBy(id => id).ToList();

        var listBytes = new List<byte>();
        foreach (var id in sorted)
        {
            listBytes.AddRange(BigEndian(id));
        }

        var entryListHash = SHA256.HashData(listBytes.ToArray());

        var values = new Queue<ulong>();
        long counter = 0;
        ulong Next()
        {
            if (values.Count == 0)
            {
                var message = entryListHash.Concat(BigEndian(counter)).ToArray();
                counter++;
                using var hmac = new HMACSHA256(seed);
                var block = hmac.ComputeHash(message);
                for (var k = 0; k < 4; k++)
                {
                    ulong value = 0;
                    foreach (var b in block.Skip(k * 8).Take(8))
                    {
                        value = (value << 8) | b;
                    }

                    values.Enqueue(value);
                }
            }

            return values.Dequeue();
        }

        var pool = sorted.ToList();
        var picks = Math.Min(pool.Count, winners + alternates);
        var twoTo64 = BigInteger.Pow(2, 64);
        for (var i = 0; i < picks; i++)
        {
            var m = pool.Count - i;
            var limit = twoTo64 - (twoTo64 % m);
            BigInteger v;
            do
            {
                v = Next();
            }
            while (v >= limit);

            var j = i + (int)(v % m);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        var drawn = pool.Take(picks).ToList();
        var winnerCount = Math.Min(winners, drawn.Count);
        return (Convert.ToHexString(entryListHash).ToLowerInvariant(), drawn.Take(winnerCount).ToList(), drawn.Skip(winnerCount).ToList());
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = BitConverter.GetBytes(value);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }
}
