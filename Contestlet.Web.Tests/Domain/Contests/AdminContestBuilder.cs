using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;

namespace Contestlet.Web.Tests.Domain.Contests;

/// <summary>Contests in the states the admin rules care about, built through the domain's own methods.</summary>
internal static class AdminContestBuilder
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset End = Start.AddDays(7);

    public static ContestDetails Details(string name = "Margarita Monday") => new()
    {
        Name = name,
        Description = "Win a pitcher.",
        SponsorName = "Casa Azul",
        Prize = new Prize { Description = "Pitcher of margaritas", ValueUsd = 60m, WinnerCount = 1, AlternateCount = 2 },
        Eligibility = new Eligibility { Scope = RegionScope.ListedStates, States = ["NY", "NJ"] },
        Messages = new MessageTemplates { EntryConfirmation = "You're in for {contest_name}!" },
    };

    public static ContestSchedule Schedule(DateTimeOffset? start = null, DateTimeOffset? end = null, string zone = "America/New_York") =>
        new(start ?? Start, end ?? End, zone);

    public static Contest Draft() => Contest.Create(Details(), Schedule(), Start.AddDays(-3));

    public static Contest Published()
    {
        var contest = Draft();
        contest.Publish(Start.AddDays(-2), TestSeeds.Vault);
        return contest;
    }

    /// <summary>Published and entered <paramref name="entries"/> times while it was active.</summary>
    public static Contest WithEntries(int entries = 3)
    {
        var contest = Published();
        for (var i = 0; i < entries; i++)
        {
            contest.Admit(PhoneNumber.FromE164($"+1555010{i:0000}"), new EntryRequest("NY", true), Start.AddHours(1 + i));
        }

        return contest;
    }
}
