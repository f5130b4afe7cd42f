using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;

namespace Contestlet.Web.Tests.Domain.Draws;

public sealed class ContestDrawTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 17, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddDays(2);

    [Fact]
    public void DrawsFromCommittedSeedAndCompletesContestGivenItEnded()
    {
        var contest = PublishedContest(winners: 2, alternates: 1);

        var record = contest.Draw([5, 6, 7, 8], "Dana (admin)", End, TestSeeds.Vault);

        Assert.Equal(ContestStatus.Complete, contest.StatusAt(End));
        Assert.Equal(End, contest.DrawnAt);
        Assert.Equal(DrawAlgorithm.Version, record.Algorithm);
        Assert.Equal(contest.SeedCommitment, record.SeedCommitment);
        Assert.Equal(contest.SeedCommitment, DrawAlgorithm.Commitment(Convert.FromHexString(record.Seed)));
        Assert.Equal(4, record.EntryCount);
        Assert.Equal(2, record.Winners.Count);
        Assert.Single(record.Alternates);
        Assert.Equal((2, 1), (record.WinnerCount, record.AlternateCount));
        Assert.Equal("Dana (admin)", record.DrawnBy);
        Assert.Equal(End, record.DrawnAt);
    }

    [Fact]
    public void RecordVerifiesAgainstItsOwnPublishedData()
    {
        var contest = PublishedContest(winners: 3, alternates: 2);
        long[] entries = [11, 12, 13, 14, 15, 16, 17];

        var record = contest.Draw(entries, "admin", End.AddHours(1), TestSeeds.Vault);
        var verification = DrawVerifier.Verify(record.Seed, contest.SeedCommitment!, entries, record.WinnerCount, record.AlternateCount,
            record.Winners, record.Alternates, record.EntryListHash);

        Assert.True(verification.Verified, string.Join(" ", verification.Problems));
    }

    [Fact]
    public void RefusesDrawGivenEntriesStillOpen()
    {
        var contest = PublishedContest();

        var error = Assert.Throws<DomainRuleException>(() => contest.Draw([1], "admin", End.AddTicks(-1), TestSeeds.Vault));

        Assert.StartsWith("Winners can be drawn once entries close", error.Message);
        Assert.Null(contest.DrawnAt);
    }

    [Fact]
    public void RefusesDrawGivenContestUpcoming()
    {
        var contest = PublishedContest();

        Assert.Throws<DomainRuleException>(() => contest.Draw([1], "admin", Start.AddMinutes(-1), TestSeeds.Vault));
        Assert.Null(contest.DrawnAt);
    }

    [Fact]
    public void RefusesDrawGivenDraft()
    {
        var contest = Contest.Create(Details(1, 0), new ContestSchedule(Start, End, "America/New_York"), Start.AddDays(-1));

        var error = Assert.Throws<DomainRuleException>(() => contest.Draw([1], "admin", End, TestSeeds.Vault));

        Assert.Equal("A draft contest cannot be drawn. Publish it first.", error.Message);
    }

    [Fact]
    public void RefusesSecondDrawGivenAlreadyDrawn()
    {
        var contest = PublishedContest();
        contest.Draw([1, 2], "admin", End, TestSeeds.Vault);

        var error = Assert.Throws<DomainRuleException>(() => contest.Draw([1, 2], "admin", End.AddMinutes(1), TestSeeds.Vault));

        Assert.Equal("The winners of this contest have already been drawn.", error.Message);
        Assert.Equal(End, contest.DrawnAt);
    }

    [Fact]
    public void RefusesDrawGivenNobodyNamedAsDrawing()
    {
        var contest = PublishedContest();

        Assert.Throws<DomainRuleException>(() => contest.Draw([1], " ", End, TestSeeds.Vault));
        Assert.Null(contest.DrawnAt);
    }

    [Fact]
    public void CompletesWithNoWinnersGivenNoEntries()
    {
        var contest = PublishedContest();

        var record = contest.Draw([], "admin", End, TestSeeds.Vault);

        Assert.Empty(record.Winners);
        Assert.Empty(record.Alternates);
        Assert.Equal(ContestStatus.Complete, contest.StatusAt(End));
    }

    private static Contest PublishedContest(int winners = 1, int alternates = 2)
    {
        var contest = Contest.Create(Details(winners, alternates), new ContestSchedule(Start, End, "America/New_York"), Start.AddDays(-1));
        contest.Publish(Start.AddDays(-1), TestSeeds.Vault);
        return contest;
    }

    private static ContestDetails Details(int winners, int alternates) => new()
    {
        Name = "Margarita Monday",
        SponsorName = "Casa Azul",
        Prize = new Prize { Description = "Pitcher", WinnerCount = winners, AlternateCount = alternates },
    };
}
