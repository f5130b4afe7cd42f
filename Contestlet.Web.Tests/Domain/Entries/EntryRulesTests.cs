using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;

namespace Contestlet.Web.Tests.Domain.Entries;

/// <summary>docs/product.md §3: entry rules in order, each with its own message.</summary>
public sealed class EntryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly EntryRequest Confirmed = new(null, true);
    private static readonly PhoneNumber Phone = PhoneNumber.FromE164("+18187958204");

    [Fact]
    public void AcceptsConfirmedEntryIntoActiveContest()
    {
        var contest = TestContests.Active(Now);
        Assert.Null(contest.CheckEntry(Confirmed, Now));

        var entry = contest.Admit(Phone, Confirmed, Now);
        Assert.Equal("+18187958204", entry.PhoneE164);
        Assert.Equal(Entry.WholeContestPeriod, entry.PeriodKey);
        Assert.StartsWith("E-", entry.Reference);
        Assert.Equal(1, contest.EntryCount);
    }

    [Fact]
    public void RefusesByStatusBeforeEligibility()
    {
        // Upcoming and not confirmed: the status message wins because it is checked first.
        var upcoming = TestContests.Upcoming(Now);
        Assert.Equal(EntryRefusalReason.NotOpenYet, upcoming.CheckEntry(new EntryRequest(null, false), Now)!.Reason);
        Assert.StartsWith("This contest isn't open yet. It opens ", upcoming.CheckEntry(Confirmed, Now)!.Message);
        Assert.Equal(EntryRefusalReason.Ended, TestContests.Ended(Now).CheckEntry(Confirmed, Now)!.Reason);
        Assert.Equal(EntryRefusalReason.NotFound, TestContests.Draft(Now).CheckEntry(Confirmed, Now)!.Reason);
    }

    [Fact]
    public void RefusesStateOutsideTheListedStatesWithTheirNames()
    {
        var contest = TestContests.Active(Now, eligibility: new Eligibility { Scope = RegionScope.ListedStates, States = ["NY", "NJ"] });

        Assert.Equal(EntryRefusalReason.StateRequired, contest.CheckEntry(new EntryRequest(null, true), Now)!.Reason);
        var refusal = contest.CheckEntry(new EntryRequest("CA", true), Now)!;
        Assert.Equal(EntryRefusalReason.StateNotEligible, refusal.Reason);
        Assert.Equal("State", refusal.Field);
        Assert.Contains("New York, New Jersey", refusal.Message);
        Assert.Null(contest.CheckEntry(new EntryRequest("nj", true), Now));
    }

    [Fact]
    public void RefusesWithoutConfirmationNamingTheMinimumAge()
    {
        var contest = TestContests.Active(Now, eligibility: new Eligibility { MinimumAge = 21 });
        var refusal = contest.CheckEntry(new EntryRequest(null, false), Now)!;

        Assert.Equal(EntryRefusalReason.ConfirmationMissing, refusal.Reason);
        Assert.Contains("21 or older", refusal.Message);
        Assert.Throws<DomainRuleException>(() => contest.Admit(Phone, new EntryRequest(null, false), Now));
    }

    [Fact]
    public void RefusesOnceTheCapIsReached()
    {
        var contest = TestContests.Active(Now, eligibility: new Eligibility { TotalEntryCap = 2 });
        contest.Admit(Phone, Confirmed, Now);
        contest.Admit(PhoneNumber.FromE164("+18187958205"), Confirmed, Now);

        Assert.Equal(EntryRefusalReason.CapReached, contest.CheckEntry(Confirmed, Now)!.Reason);
    }

    [Fact]
    public void DailyEntriesResetAtMidnightInTheContestsZoneAcrossDst()
    {
        // New York falls back on 2026-11-01. 23:59 EST on Nov 1 is 04:59 UTC on Nov 2; 00:00 EST on Nov 2 is 05:00 UTC.
        var contest = TestContests.PublishedAt(
            new ContestSchedule(new DateTimeOffset(2026, 10, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), "America/New_York"),
            new DateTimeOffset(2026, 10, 29, 0, 0, 0, TimeSpan.Zero), eligibility: new Eligibility { Frequency = EntryFrequency.OncePerDay });

        Assert.Equal("2026-11-01", Entry.PeriodFor(contest, new DateTimeOffset(2026, 11, 2, 4, 59, 0, TimeSpan.Zero)));
        Assert.Equal("2026-11-02", Entry.PeriodFor(contest, new DateTimeOffset(2026, 11, 2, 5, 0, 0, TimeSpan.Zero)));
        // The day before the change is still at EDT (UTC-4): midnight is 04:00 UTC.
        Assert.Equal("2026-10-31", Entry.PeriodFor(contest, new DateTimeOffset(2026, 11, 1, 3, 59, 0, TimeSpan.Zero)));
        Assert.Equal("2026-11-01", Entry.PeriodFor(contest, new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero)));
    }
}
