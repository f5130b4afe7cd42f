using Contestlet.Domain.Contests;

namespace Contestlet.Web.Tests.Domain.Contests;

public sealed class ContestStatusTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddHours(7);

    private static Contest Published() => TestContests.PublishedAt(new ContestSchedule(Start, End, "America/New_York"), Start.AddDays(-1));

    public static TheoryData<long, ContestStatus> Boundaries => new()
    {
        { -TimeSpan.TicksPerDay, ContestStatus.Upcoming },
        { -1, ContestStatus.Upcoming },
        { 0, ContestStatus.Active },
        { 1, ContestStatus.Active },
        { (End - Start).Ticks - 1, ContestStatus.Active },
        { (End - Start).Ticks, ContestStatus.Ended },
        { (End - Start).Ticks + 1, ContestStatus.Ended },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void IsActiveFromExactlyTheStartUntilJustBeforeTheEnd(long ticksAfterStart, ContestStatus expected)
    {
        var now = Start.AddTicks(ticksAfterStart);
        var contest = Published();

        Assert.Equal(expected, contest.StatusAt(now));
        Assert.True(Contest.HasStatus(expected, now).Compile()(contest));
        foreach (var other in Enum.GetValues<ContestStatus>().Where(s => s != expected))
        {
            Assert.False(Contest.HasStatus(other, now).Compile()(contest), $"{other} must not match at {ticksAfterStart} ticks");
        }
    }

    [Fact]
    public void IsDraftUntilPublishedWhateverTheClock()
    {
        var contest = Contest.Create(TestContests.Details(), new ContestSchedule(Start, End, "UTC"), Start.AddDays(-1));

        Assert.Equal(ContestStatus.Draft, contest.StatusAt(Start.AddHours(1)));
        Assert.Equal(ContestStatus.Draft, contest.StatusAt(End.AddDays(1)));
        Assert.True(Contest.HasStatus(ContestStatus.Draft, Start).Compile()(contest));
    }

    [Fact]
    public void PublishingCommitsToASecretSeed()
    {
        var contest = Contest.Create(TestContests.Details(), new ContestSchedule(Start, End, "UTC"), Start.AddDays(-1));
        contest.Publish(Start.AddDays(-1), TestSeeds.Vault);

        Assert.Null(contest.DrawSeed);
        var seed = TestSeeds.Vault.Open(contest.SealedDrawSeed!);
        Assert.Equal(32, seed.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(seed)), contest.SeedCommitment);
        Assert.NotEqual(contest.SeedCommitment, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(contest.SealedDrawSeed!)));
        Assert.Throws<Contestlet.Domain.Common.DomainRuleException>(() => contest.Publish(Start, TestSeeds.Vault));
    }

    [Fact]
    public void RejectsScheduleWhoseEndIsNotAfterItsStart()
    {
        Assert.Throws<ArgumentException>(() => new ContestSchedule(Start, Start, "UTC"));
        Assert.Throws<ArgumentException>(() => new ContestSchedule(Start, Start.AddTicks(-1), "UTC"));
        Assert.Throws<ArgumentException>(() => new ContestSchedule(Start, End, "Mars/Olympus_Mons"));
    }
}
