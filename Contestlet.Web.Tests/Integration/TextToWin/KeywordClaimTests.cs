using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Admin.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Contestlet.Web.Tests.Integration.TextToWin.TextToWinKit;

namespace Contestlet.Web.Tests.Integration.TextToWin;

/// <summary>A keyword belongs to one published, not-ended contest at a time, whatever the concurrency (ADR 014).</summary>
public sealed class KeywordClaimTests
{
    private static readonly AdminActor Admin = new("+15551234567", "Dana");

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task GivesTheKeywordToExactlyOneContestGivenTenAdminsClaimItAtOnce(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var contests = new List<Contest>();
            for (var i = 0; i < 10; i++)
            {
                contests.Add(await SeedAsync(app, TestContests.Details($"Contest {i}")));
            }

            var results = await Task.WhenAll(contests.Select(async c =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<AdminContests>()
                    .UpdateAsync(c.Id, TestContests.Details(c.Name) with { Keyword = "surf" }, c.Schedule, Admin, CancellationToken.None);
            }));

            Assert.Single(results, r => r.Succeeded);
            Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains("SURF is already the keyword of", r.FieldErrors["Keyword"], StringComparison.Ordinal));
            await using var db = app.CreateDbContext();
            Assert.Equal(1, await db.Contests.CountAsync(c => c.KeywordClaim == "SURF"));
            Assert.Equal(1, await db.Contests.CountAsync(c => c.Keyword == "SURF"));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ReleasesTheKeywordOfAContestThatEndedOrWasCancelledToTheNextContest(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var now = app.Time.GetUtcNow();
            var running = await SeedAsync(app, Details("SURF", "Running"), new ContestSchedule(now.AddHours(-1), now.AddHours(1), "UTC"));
            var next = await SeedAsync(app, TestContests.Details("Next"), new ContestSchedule(now.AddHours(2), now.AddHours(5), "UTC"));
            var contests = app.Services.CreateScope().ServiceProvider.GetRequiredService<AdminContests>();

            var whileRunning = await contests.UpdateAsync(next.Id, TestContests.Details("Next") with { Keyword = "SURF" }, next.Schedule, Admin, CancellationToken.None);
            app.Time.Advance(TimeSpan.FromHours(1));
            var afterTheEnd = await contests.UpdateAsync(next.Id, TestContests.Details("Next") with { Keyword = "SURF" }, next.Schedule, Admin, CancellationToken.None);

            Assert.False(whileRunning.Succeeded);
            Assert.Contains("“Running”", whileRunning.FieldErrors["Keyword"], StringComparison.Ordinal);
            Assert.True(afterTheEnd.Succeeded, afterTheEnd.Error);
            await using var db = app.CreateDbContext();
            Assert.Null((await db.Contests.SingleAsync(c => c.Id == running.Id)).KeywordClaim);
            Assert.Equal("SURF", (await db.Contests.SingleAsync(c => c.Id == next.Id)).KeywordClaim);

            var third = await SeedAsync(app, TestContests.Details("Third"));
            var cancelled = await contests.CancelAsync(next.Id, "Sponsor withdrew", Admin, CancellationToken.None);
            var reused = await contests.UpdateAsync(third.Id, TestContests.Details("Third") with { Keyword = "surf" }, third.Schedule, Admin, CancellationToken.None);
            Assert.True(cancelled.Succeeded, cancelled.Error);
            Assert.True(reused.Succeeded, reused.Error);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesToPublishADraftWhoseKeywordALiveContestHolds(string provider) =>
        WithAppAsync(provider, async app =>
        {
            var live = await SeedAsync(app, Details("SURF", "Live"));
            await using (var db = app.CreateDbContext())
            {
                // A draft written before the live contest took the keyword.
                db.Contests.Add(Contest.Create(Details("SURF", "Draft"), live.Schedule, app.Time.GetUtcNow()));
                await db.SaveChangesAsync();
            }

            int draftId;
            await using (var db = app.CreateDbContext())
            {
                draftId = await db.Contests.Where(c => c.Name == "Draft").Select(c => c.Id).SingleAsync();
            }

            var published = await app.Services.CreateScope().ServiceProvider.GetRequiredService<AdminContests>().PublishAsync(draftId, Admin, CancellationToken.None);

            Assert.False(published.Succeeded);
            Assert.Contains("SURF is already the keyword of “Live”", published.Error, StringComparison.Ordinal);
            await using var check = app.CreateDbContext();
            Assert.Null((await check.Contests.SingleAsync(c => c.Id == draftId)).PublishedAt);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesReservedAndTakenKeywordsInTheConsoleAndTheImport(string provider) =>
        WithAppAsync(provider, async app =>
        {
            await SeedAsync(app, Details("SURF", "Live"));
            var scope = app.Services.CreateScope().ServiceProvider;
            var contests = scope.GetRequiredService<AdminContests>();
            var schedule = new ContestSchedule(app.Time.GetUtcNow().AddDays(1), app.Time.GetUtcNow().AddDays(2), "UTC");

            var reserved = await contests.CreateAsync(TestContests.Details("New") with { Keyword = "stop" }, schedule, Admin, CancellationToken.None);
            var taken = await contests.CreateAsync(TestContests.Details("New") with { Keyword = "Surf" }, schedule, Admin, CancellationToken.None);
            var sheet = OneSheet("HELP");
            var imported = CampaignOneSheet.Parse(OneSheet("surf"));
            var importTaken = await scope.GetRequiredService<CampaignImport>().CreateDraftAsync(imported.Campaign!, schedule, Admin, CancellationToken.None);

            Assert.Contains("STOP is a reserved SMS word", reserved.FieldErrors["Keyword"], StringComparison.Ordinal);
            Assert.Contains("SURF is already the keyword of “Live”", taken.FieldErrors["Keyword"], StringComparison.Ordinal);
            Assert.Contains(CampaignOneSheet.Parse(sheet).Errors, e => e.Message.Contains("HELP is a reserved SMS word", StringComparison.Ordinal));
            Assert.False(importTaken.Succeeded);
            Assert.Contains("SURF is already the keyword", importTaken.Error, StringComparison.Ordinal);
            await using var db = app.CreateDbContext();
            Assert.Equal(1, await db.Contests.CountAsync());
        });

    private static string OneSheet(string keyword) => $$"""
        {
          "name": "Imported Surf",
          "sponsor": "Bondi Surf Co.",
          "duration_days": 3,
          "reward_logic": { "winner_reward": { "description": "Surf lesson", "value_usd": 80 } },
          "messaging": { "keyword": "{{keyword}}" }
        }
        """;
}
