using System.Security.Cryptography;
using Contestlet.Domain.Draws;

namespace Contestlet.Web.Tests.Domain.Draws;

public sealed class DrawAlgorithmTests
{
    // Golden vectors, computed once from the written algorithm (and by a Python script following the same document):
    // they pin contestlet-draw-v1 forever. If one of these changes, published draws no longer verify.
    private static readonly byte[] GoldenSeed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private const string GoldenCommitment = "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd";
    private static readonly long[] GoldenEntries = [3, 17, 42, 5, 8, 99, 1000, 12, 77, 64];
    private const string GoldenEntryListHash = "bf3b52f1ec00eccac53010f08423a5b2a538a825246d1e244e20d3edaecef830";

    [Fact]
    public void ReproducesGoldenVectorGivenRecordedInputs()
    {
        var result = DrawAlgorithm.Run(GoldenSeed, GoldenEntries, winnerCount: 3, alternateCount: 2);

        Assert.Equal("contestlet-draw-v1", result.Algorithm);
        Assert.Equal(GoldenEntryListHash, result.EntryListHash);
        Assert.Equal(10, result.EntryCount);
        Assert.Equal([12L, 42, 64], result.Winners);
        Assert.Equal([5L, 17], result.Alternates);
    }

    [Fact]
    public void ReproducesGoldenVectorGivenAThousandEntries()
    {
        var result = DrawAlgorithm.Run(GoldenSeed, Enumerable.Range(1, 1000).Select(i => (long)i), winnerCount: 5, alternateCount: 5);

        Assert.Equal("54c7779325a75ce781086486b520b637d1a3e4f4dee286e6ed038987e7c5b24a", result.EntryListHash);
        Assert.Equal([608L, 716, 828, 933, 542], result.Winners);
        Assert.Equal([370L, 232, 479, 591, 651], result.Alternates);
    }

    [Fact]
    public void ReproducesGoldenCommitmentOfSeed() =>
        Assert.Equal(GoldenCommitment, DrawAlgorithm.Commitment(GoldenSeed));

    [Fact]
    public void AgreesWithIndependentReimplementationGivenGoldenInputs()
    {
        var reference = ReferenceDraw.Run(GoldenSeed, GoldenEntries, 3, 2);
        var result = DrawAlgorithm.Run(GoldenSeed, GoldenEntries, 3, 2);

        Assert.Equal(GoldenEntryListHash, reference.EntryListHash);
        Assert.Equal([12L, 42, 64], reference.Winners);
        Assert.Equal([5L, 17], reference.Alternates);
        Assert.Equal(reference.EntryListHash, result.EntryListHash);
        Assert.Equal(reference.Winners, result.Winners);
        Assert.Equal(reference.Alternates, result.Alternates);
    }

    [Fact]
    public void AgreesWithIndependentReimplementationGivenManyRandomInputs()
    {
        var random = new Random(6_2026);
        for (var run = 0; run < 300; run++)
        {
            var seed = new byte[32];
            random.NextBytes(seed);
            var ids = Enumerable.Range(0, random.Next(0, 60)).Select(_ => random.NextInt64(1, 1_000_000)).Distinct().ToArray();
            var winners = random.Next(0, 8);
            var alternates = random.Next(0, 8);

            var reference = ReferenceDraw.Run(seed, ids, winners, alternates);
            var result = DrawAlgorithm.Run(seed, ids, winners, alternates);

            Assert.Equal(reference.EntryListHash, result.EntryListHash);
            Assert.Equal(reference.Winners, result.Winners);
            Assert.Equal(reference.Alternates, result.Alternates);
        }
    }

    [Fact]
    public void HashesEntryListAsAscendingEightByteBigEndianIds()
    {
        byte[] expectedBytes = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x2c, 0, 0, 0, 1, 0, 0, 0, 0];

        var hash = DrawAlgorithm.EntryListHash([0x1_0000_0000, 1, 300]);

        Assert.Equal(SHA256.HashData(expectedBytes), hash);
    }

    [Fact]
    public void HashesEmptyEntryListAsSha256OfNothing() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(DrawAlgorithm.EntryListHash([])));

    [Fact]
    public void GivesSameDrawWhateverTheOrderEntriesArriveIn()
    {
        var shuffled = GoldenEntries.Reverse().ToArray();

        var result = DrawAlgorithm.Run(GoldenSeed, shuffled, 3, 2);

        Assert.Equal(GoldenEntryListHash, result.EntryListHash);
        Assert.Equal([12L, 42, 64], result.Winners);
    }

    [Fact]
    public void GivesDifferentDrawGivenDifferentSeed()
    {
        var otherSeed = Convert.FromHexString("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

        var result = DrawAlgorithm.Run(otherSeed, GoldenEntries, 3, 2);

        Assert.Equal(GoldenEntryListHash, result.EntryListHash);
        Assert.Equal([3L, 12, 77], result.Winners);
        Assert.Equal([5L, 8], result.Alternates);
    }

    [Fact]
    public void NeverDrawsAnEntryTwice()
    {
        var random = new Random(42);
        for (var run = 0; run < 200; run++)
        {
            var seed = new byte[32];
            random.NextBytes(seed);
            var ids = Enumerable.Range(1, 30).Select(i => (long)i * 11).ToArray();

            var result = DrawAlgorithm.Run(seed, ids, 10, 15);
            var drawn = result.Winners.Concat(result.Alternates).ToList();

            Assert.Equal(25, drawn.Count);
            Assert.Equal(drawn.Count, drawn.Distinct().Count());
            Assert.All(drawn, id => Assert.Contains(id, ids));
        }
    }

    [Fact]
    public void DrawsEveryEntryWinnersFirstGivenFewerEntriesThanWinnersPlusAlternates()
    {
        long[] ids = [4, 9, 16, 25];

        var result = DrawAlgorithm.Run(GoldenSeed, ids, winnerCount: 3, alternateCount: 5);

        Assert.Equal(3, result.Winners.Count);
        Assert.Single(result.Alternates);
        Assert.Equal(ids, result.Winners.Concat(result.Alternates).Order());
    }

    [Fact]
    public void MakesEveryEntryAWinnerGivenFewerEntriesThanWinners()
    {
        var result = DrawAlgorithm.Run(GoldenSeed, [7, 3], winnerCount: 3, alternateCount: 2);

        Assert.Equal([3L, 7], result.Winners);
        Assert.Empty(result.Alternates);
    }

    [Fact]
    public void DrawsNobodyGivenNoEntries()
    {
        var result = DrawAlgorithm.Run(GoldenSeed, [], winnerCount: 3, alternateCount: 2);

        Assert.Equal(0, result.EntryCount);
        Assert.Empty(result.Winners);
        Assert.Empty(result.Alternates);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", result.EntryListHash);
    }

    [Fact]
    public void RejectsDuplicateEntryIds() =>
        Assert.Throws<ArgumentException>(() => DrawAlgorithm.Run(GoldenSeed, [1, 2, 2], 1, 0));

    [Fact]
    public void RejectsNonPositiveEntryIds() =>
        Assert.Throws<ArgumentException>(() => DrawAlgorithm.Run(GoldenSeed, [0, 2], 1, 0));

    [Fact]
    public void RejectsSeedOfWrongLength() =>
        Assert.Throws<ArgumentException>(() => DrawAlgorithm.Run(new byte[16], [1, 2], 1, 0));

    [Fact]
    public void StreamYieldsBigEndianWordsOfHmacBlocksInCounterOrder()
    {
        var hash = DrawAlgorithm.EntryListHash(GoldenEntries);
        var stream = new DrawStream(GoldenSeed, hash);
        var block0 = HMACSHA256.HashData(GoldenSeed, (byte[])[.. hash, 0, 0, 0, 0, 0, 0, 0, 0]);
        var block1 = HMACSHA256.HashData(GoldenSeed, (byte[])[.. hash, 0, 0, 0, 0, 0, 0, 0, 1]);

        var values = Enumerable.Range(0, 5).Select(_ => stream.NextValue()).ToArray();

        Assert.Equal(Convert.ToUInt64(Convert.ToHexString(block0, 0, 8), 16), values[0]);
        Assert.Equal(Convert.ToUInt64(Convert.ToHexString(block0, 24, 8), 16), values[3]);
        Assert.Equal(Convert.ToUInt64(Convert.ToHexString(block1, 0, 8), 16), values[4]);
        Assert.Equal(2UL, stream.BlocksUsed);
    }

    [Fact]
    public void RejectionLimitIsLargestMultipleOfBoundNotAboveTwoToThe64()
    {
        var twoTo64 = UInt128.One << 64;

        Assert.Equal(twoTo64, DrawAlgorithm.RejectionLimit(1));
        Assert.Equal(twoTo64, DrawAlgorithm.RejectionLimit(8));
        Assert.Equal(twoTo64 - 1, DrawAlgorithm.RejectionLimit(3));
        Assert.Equal(twoTo64 - 6, DrawAlgorithm.RejectionLimit(10));
        Assert.Equal(twoTo64 - (twoTo64 % 1_000_003), DrawAlgorithm.RejectionLimit(1_000_003));
    }

    [Fact]
    public void RejectsValuesInTheBiasedZoneAndUsesTheNextOne()
    {
        // 2^64 = 18446744073709551616 leaves remainder 6 modulo 10: the top six values would favour residues 0–5.
        var source = new ScriptedSource(18_446_744_073_709_551_610, 18_446_744_073_709_551_615, 18_446_744_073_709_551_609);

        var index = DrawAlgorithm.UniformIndex(10, source);

        Assert.Equal(9UL, index);
        Assert.Equal(3, source.Consumed);
    }

    [Fact]
    public void AcceptsEveryValueGivenPowerOfTwoBound()
    {
        var source = new ScriptedSource(ulong.MaxValue);

        Assert.Equal(7UL, DrawAlgorithm.UniformIndex(8, source));
        Assert.Equal(1, source.Consumed);
    }

    [Fact]
    public void ConsumesOneValueForTheLastRemainingEntry()
    {
        var source = new ScriptedSource(ulong.MaxValue);

        Assert.Equal(0UL, DrawAlgorithm.UniformIndex(1, source));
        Assert.Equal(1, source.Consumed);
    }

    [Fact]
    public void SkipsRejectedValuesWhenSelecting()
    {
        // Three entries: 2^64 mod 3 = 1, so only 2^64 − 1 is rejected. Then 5 % 3 = 2 picks the third id;
        // the remaining two are [20, 10] after the swap, and 1 % 2 = 1 picks 10.
        var source = new ScriptedSource(ulong.MaxValue, 5, 1);

        var drawn = DrawAlgorithm.SelectInOrder([10, 20, 30], 2, source);

        Assert.Equal([30L, 10], drawn);
        Assert.Equal(3, source.Consumed);
    }

    private sealed class ScriptedSource(params ulong[] values) : IDrawValueSource
    {
        public int Consumed { get; private set; }

        public ulong NextValue() => Consumed < values.Length
            ? values[Consumed++]
            : throw new InvalidOperationException("The scripted stream ran out: more values were taken than the test expects.");
    }
}
