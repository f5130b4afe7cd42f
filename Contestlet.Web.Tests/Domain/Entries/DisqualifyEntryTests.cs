using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;

namespace Contestlet.Web.Tests.Domain.Entries;

public sealed class DisqualifyEntryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DisqualifiesWithReasonGivenNotDrawnYet()
    {
        var (contest, entry) = ActiveContestWithEntry();

        entry.Disqualify(contest, " Entered under two numbers ", Now.AddMinutes(5));

        Assert.Equal(Now.AddMinutes(5), entry.DisqualifiedAt);
        Assert.Equal("Entered under two numbers", entry.DisqualificationReason);
    }

    [Fact]
    public void RefusesGivenContestDrawn()
    {
        var (contest, entry) = ActiveContestWithEntry();
        contest.Draw([1], "admin", contest.Schedule.EndsAt, TestSeeds.Vault);

        var error = Assert.Throws<DomainRuleException>(() => entry.Disqualify(contest, "Too late", contest.Schedule.EndsAt));

        Assert.Contains("drawn", error.Message, StringComparison.Ordinal);
        Assert.Null(entry.DisqualifiedAt);
    }

    [Fact]
    public void RefusesGivenNoReason()
    {
        var (contest, entry) = ActiveContestWithEntry();

        Assert.Throws<DomainRuleException>(() => entry.Disqualify(contest, "   ", Now));
    }

    [Fact]
    public void RefusesGivenAlreadyDisqualified()
    {
        var (contest, entry) = ActiveContestWithEntry();
        entry.Disqualify(contest, "First", Now);

        Assert.Throws<DomainRuleException>(() => entry.Disqualify(contest, "Second", Now));
        Assert.Equal("First", entry.DisqualificationReason);
    }

    [Fact]
    public void KeepsLastFourDigitsForSearch()
    {
        var (_, entry) = ActiveContestWithEntry();

        Assert.Equal("8204", entry.PhoneLast4);
    }

    private static (Contest Contest, Entry Entry) ActiveContestWithEntry()
    {
        var contest = TestContests.Active(Now);
        var entry = contest.Admit(PhoneNumber.FromE164("+18187958204"), new EntryRequest(null, true), Now);
        return (contest, entry);
    }
}
