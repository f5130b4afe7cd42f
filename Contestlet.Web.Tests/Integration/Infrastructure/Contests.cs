using Contestlet.Domain.Contests;

namespace Contestlet.Web.Tests.Integration.Infrastructure;

/// <summary>Builders for contests in tests: sensible defaults, override what the test is about.</summary>
public static class TestContests
{
    public static ContestDetails Details(string name = "Test Contest", Eligibility? eligibility = null, int winners = 1) => new()
    {
        Name = name,
        Description = "A contest for tests.",
        SponsorName = "Test Sponsor",
        Prize = new Prize { Description = "A prize", ValueUsd = 50m, WinnerCount = winners, AlternateCount = 2 },
        Eligibility = eligibility ?? new Eligibility(),
    };

    public static Contest Active(DateTimeOffset now, string zone = "America/New_York", string name = "Active Contest", Eligibility? eligibility = null) =>
        PublishedAt(new ContestSchedule(now.AddHours(-1), now.AddHours(5), zone), now, name, eligibility);

    public static Contest Upcoming(DateTimeOffset now, string zone = "America/New_York", string name = "Upcoming Contest") =>
        PublishedAt(new ContestSchedule(now.AddDays(1), now.AddDays(2), zone), now, name);

    public static Contest Ended(DateTimeOffset now, string zone = "America/New_York", string name = "Ended Contest") =>
        PublishedAt(new ContestSchedule(now.AddDays(-2), now.AddDays(-1), zone), now.AddDays(-3), name);

    public static Contest Draft(DateTimeOffset now, string name = "Draft Contest") =>
        Contest.Create(Details(name), new ContestSchedule(now.AddHours(-1), now.AddHours(5), "America/New_York"), now);

    public static Contest PublishedAt(ContestSchedule schedule, DateTimeOffset publishedAt, string name = "Contest", Eligibility? eligibility = null)
    {
        var contest = Contest.Create(Details(name, eligibility), schedule, publishedAt);
        contest.Publish(publishedAt, TestSeeds.Vault);
        return contest;
    }
}
