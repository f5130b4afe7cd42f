using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Bench.Admin;

/// <summary>One contest as an admin would have run it: created, published before its start, open for two weeks, ended an hour ago.</summary>
public static class BenchContest
{
    public static readonly string[] States = ["NY", "NJ", "CT", "CA", "TX", "FL", "IL", "WA"];

    public static async Task<Contest> CreateAsync(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var schedule = new ContestSchedule(now.AddDays(-14), now.AddHours(-1), "America/New_York");
        var contest = Contest.Create(new ContestDetails
        {
            Name = "KZTR Morning Drive: Text to Win (bench)",
            Description = "Listen for the code word and enter for two tickets to Saturday's show.",
            SponsorName = "KZTR 101.5 FM",
            Prize = new Prize { Description = "Two tickets to Saturday's show", ValueUsd = 240m, WinnerCount = 3, AlternateCount = 5 },
            Eligibility = new Eligibility { Scope = RegionScope.ListedStates, States = States },
            Rules = new OfficialRules { SponsorLegalName = "KZTR Broadcasting LLC" },
        }, schedule, schedule.StartsAt.AddDays(-2));
        contest.Publish(schedule.StartsAt.AddDays(-1), BenchSeeds.Vault);

        await using var db = await dbFactory.CreateDbContextAsync();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        return contest;
    }
}
