using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using static Contestlet.Web.Tests.Domain.Contests.AdminContestBuilder;

namespace Contestlet.Web.Tests.Domain.Contests;

public sealed class ContestCancelAndTrashTests
{
    private static readonly DateTimeOffset DuringContest = Start.AddDays(1);

    [Fact]
    public void ClosesEntriesAtOnceGivenCancelledWhileActive()
    {
        var contest = WithEntries();

        contest.Cancel(DuringContest, "Sponsor withdrew");

        Assert.Equal(ContestStatus.Cancelled, contest.StatusAt(DuringContest));
        Assert.Equal("Sponsor withdrew", contest.CancellationReason);
        Assert.Equal(EntryRefusalReason.Closed, contest.CheckEntry(new EntryRequest("NY", true), DuringContest)?.Reason);
    }

    [Fact]
    public void CancelsGivenEndedButNotDrawn()
    {
        var contest = WithEntries();

        contest.Cancel(End.AddHours(1), "Prize unavailable");

        Assert.Equal(ContestStatus.Cancelled, contest.StatusAt(End.AddHours(1)));
    }

    [Fact]
    public void RefusesCancelGivenDraft()
    {
        var ex = Assert.Throws<DomainRuleException>(() => Draft().Cancel(Start, "why"));

        Assert.Contains("Delete it instead", ex.Message);
    }

    [Fact]
    public void RefusesCancelGivenDrawn()
    {
        var contest = WithEntries();
        ContestEditingRulesTests.MarkDrawn(contest, End.AddHours(1));

        var ex = Assert.Throws<DomainRuleException>(() => contest.Cancel(End.AddHours(2), "why"));

        Assert.Contains("already been drawn", ex.Message);
        Assert.Null(contest.CancelledAt);
    }

    [Fact]
    public void RefusesCancelGivenAlreadyCancelled()
    {
        var contest = Published();
        contest.Cancel(DuringContest, "first");

        Assert.Throws<DomainRuleException>(() => contest.Cancel(DuringContest, "second"));
        Assert.Equal("first", contest.CancellationReason);
    }

    [Fact]
    public void RefusesCancelGivenBlankReason()
    {
        var contest = Published();

        Assert.Throws<DomainRuleException>(() => contest.Cancel(DuringContest, "   "));
        Assert.Null(contest.CancelledAt);
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(1)]
    [InlineData(30)]
    public void TrashesAtAnyTimeGivenNoEntries(int daysFromStart)
    {
        var contest = Published();
        var now = Start.AddDays(daysFromStart);

        contest.MoveToTrash(now);

        Assert.Equal(now, contest.DeletedAt);
        Assert.False(contest.DeletionNeedsNameConfirmation);
    }

    [Fact]
    public void RefusesTrashGivenRunningContestWithEntries()
    {
        var contest = WithEntries();

        var ex = Assert.Throws<DomainRuleException>(() => contest.MoveToTrash(DuringContest));

        Assert.Contains("Cancel it first", ex.Message);
        Assert.Null(contest.DeletedAt);
    }

    [Fact]
    public void TrashesGivenEntriesAndEnded()
    {
        var contest = WithEntries();

        contest.MoveToTrash(End);

        Assert.True(contest.IsDeleted);
        Assert.True(contest.DeletionNeedsNameConfirmation);
    }

    [Fact]
    public void TrashesGivenEntriesAndCancelled()
    {
        var contest = WithEntries();
        contest.Cancel(DuringContest, "Storm");

        contest.MoveToTrash(DuringContest.AddMinutes(1));

        Assert.True(contest.IsDeleted);
    }

    [Fact]
    public void RefusesTrashGivenAlreadyInTrash()
    {
        var contest = Draft();
        contest.MoveToTrash(Start);

        Assert.Throws<DomainRuleException>(() => contest.MoveToTrash(Start.AddHours(1)));
    }

    [Fact]
    public void ConfirmsNameOnlyGivenExactNameIgnoringSurroundingSpaces()
    {
        var contest = Draft();

        Assert.True(contest.IsConfirmedBy("  Margarita Monday "));
        Assert.False(contest.IsConfirmedBy("margarita monday"));
        Assert.False(contest.IsConfirmedBy(null));
    }

    [Fact]
    public void RestoresGivenWithinThirtyDays()
    {
        var contest = WithEntries();
        contest.MoveToTrash(End);

        contest.Restore(End.AddDays(30).AddTicks(-1));

        Assert.False(contest.IsDeleted);
        Assert.Equal(3, contest.EntryCount);
    }

    [Fact]
    public void RefusesRestoreGivenThirtyDaysPassed()
    {
        var contest = Draft();
        contest.MoveToTrash(Start);

        var ex = Assert.Throws<DomainRuleException>(() => contest.Restore(Start.AddDays(30)));

        Assert.Contains("can no longer be restored", ex.Message);
        Assert.True(contest.IsDeleted);
    }

    [Fact]
    public void BecomesPurgeableExactlyThirtyDaysAfterDeletion()
    {
        var contest = Draft();
        contest.MoveToTrash(Start);
        var purgeable = Contest.PurgeableAt(Start.AddDays(30)).Compile();
        var notYet = Contest.PurgeableAt(Start.AddDays(30).AddTicks(-1)).Compile();

        Assert.True(contest.IsPurgeableAt(Start.AddDays(30)));
        Assert.False(contest.IsPurgeableAt(Start.AddDays(30).AddTicks(-1)));
        Assert.True(purgeable(contest));
        Assert.False(notYet(contest));
        Assert.Equal(Start.AddDays(30), contest.PurgeAfter);
    }

    [Fact]
    public void NeverPurgesGivenNotInTrash()
    {
        var contest = Draft();

        Assert.False(contest.IsPurgeableAt(Start.AddYears(5)));
        Assert.False(Contest.PurgeableAt(Start.AddYears(5)).Compile()(contest));
    }
}
