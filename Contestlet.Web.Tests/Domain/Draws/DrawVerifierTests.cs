using Contestlet.Domain.Draws;

namespace Contestlet.Web.Tests.Domain.Draws;

public sealed class DrawVerifierTests
{
    // The golden draw of DrawAlgorithmTests, as the results page would publish it.
    private const string Seed = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string Commitment = "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd";
    private const string EntryListHash = "bf3b52f1ec00eccac53010f08423a5b2a538a825246d1e244e20d3edaecef830";
    private static readonly long[] Entries = [3, 17, 42, 5, 8, 99, 1000, 12, 77, 64];

    [Fact]
    public void VerifiesRecordedDrawGivenItsPublishedInputs()
    {
        var verification = DrawVerifier.Verify(Seed, Commitment, Entries, 3, 2, [12, 42, 64], [5, 17], EntryListHash);

        Assert.True(verification.Verified);
        Assert.Empty(verification.Problems);
        Assert.Equal(Commitment, verification.ComputedCommitment);
        Assert.Equal([12L, 42, 64], verification.Recomputed.Winners);
        Assert.Equal([5L, 17], verification.Recomputed.Alternates);
    }

    [Fact]
    public void VerifiesGivenUpperCaseHex()
    {
        var verification = DrawVerifier.Verify(Seed.ToUpperInvariant(), Commitment.ToUpperInvariant(), Entries, 3, 2, [12, 42, 64], [5, 17],
            EntryListHash.ToUpperInvariant());

        Assert.True(verification.Verified);
    }

    [Fact]
    public void ReportsCommitmentMismatchGivenAnotherSeed()
    {
        var otherSeed = "ff" + Seed[2..];

        var verification = DrawVerifier.Verify(otherSeed, Commitment, Entries, 3, 2, null, null);

        Assert.False(verification.Verified);
        var problem = Assert.Single(verification.Problems);
        Assert.StartsWith("Commitment mismatch:", problem);
        Assert.Contains(Commitment, problem);
    }

    [Fact]
    public void ReportsEntryListHashMismatchGivenAnEntryMissing()
    {
        var verification = DrawVerifier.Verify(Seed, Commitment, Entries.Where(id => id != 99), 3, 2, null, null, EntryListHash);

        var problem = Assert.Single(verification.Problems);
        Assert.StartsWith("Entry-list hash mismatch:", problem);
        Assert.Contains("these 9 entries", problem);
    }

    [Fact]
    public void ReportsWinnersDifferGivenOtherRecordedWinners()
    {
        var verification = DrawVerifier.Verify(Seed, Commitment, Entries, 3, 2, [12, 64, 42], [5, 17], EntryListHash);

        var problem = Assert.Single(verification.Problems);
        Assert.Equal("Winners differ: recomputed 12,42,64, but the draw recorded 12,64,42.", problem);
    }

    [Fact]
    public void ReportsAlternatesDifferGivenOtherRecordedAlternates()
    {
        var verification = DrawVerifier.Verify(Seed, Commitment, Entries, 3, 2, [12, 42, 64], [17], EntryListHash);

        var problem = Assert.Single(verification.Problems);
        Assert.Equal("Alternates differ: recomputed 5,17, but the draw recorded 17.", problem);
    }

    [Fact]
    public void ReportsEveryMismatchGivenEverythingWrong()
    {
        var verification = DrawVerifier.Verify("ff" + Seed[2..], Commitment, Entries.Skip(1), 3, 2, [1], [2], EntryListHash);

        Assert.Equal(4, verification.Problems.Count);
    }

    [Fact]
    public void RefusesSeedThatIsNotSixtyFourHexDigits() =>
        Assert.Throws<FormatException>(() => DrawVerifier.Verify("abc", Commitment, Entries, 3, 2, null, null));
}
