using System.Net;
using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Contests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Web.Tests.Integration.Contests;

public sealed class PublicPagesTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task HomeListsActiveThenUpcomingThenRecentlyEndedButNoDraftOrDeleted(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var now = app.Time.GetUtcNow();
            await using (var db = app.CreateDbContext())
            {
                db.Contests.AddRange(
                    TestContests.Active(now, name: "Margarita Monday"),
                    TestContests.Upcoming(now, name: "Grand Opening"),
                    TestContests.Ended(now, name: "Summer Surf"),
                    TestContests.Draft(now, name: "Secret Draft"));
                var deleted = TestContests.Active(now, name: "Trashed One");
                db.Contests.Add(deleted);
                db.Entry(deleted).Property(c => c.DeletedAt).CurrentValue = now;
                await db.SaveChangesAsync();
            }

            var html = await app.CreateClient().GetStringAsync("/");

            Assert.Contains("Margarita Monday", html);
            Assert.Contains("Grand Opening", html);
            // Ended contests are only listed under "Recently ended", after the open and upcoming ones.
            Assert.True(html.IndexOf("Summer Surf", StringComparison.Ordinal) > html.IndexOf("Recently ended", StringComparison.Ordinal));
            Assert.True(html.IndexOf("Recently ended", StringComparison.Ordinal) > html.IndexOf("Grand Opening", StringComparison.Ordinal));
            Assert.DoesNotContain("Secret Draft", html);
            Assert.DoesNotContain("Trashed One", html);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ContestPageShowsAnotherInstancesChangeOnceTheCacheWindowHasPassed(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = TestContests.Active(app.Time.GetUtcNow(), name: "Before Rename");
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var client = app.CreateClient();
            Assert.Contains("Before Rename", await client.GetStringAsync($"/c/{contest.Code}"));

            // Written past the app (as another instance would): this instance may serve its copy until the window ends,
            // never longer. (Whether a read inside the window is still cached depends on how fast this machine is, so it
            // is not asserted; ContestPageShowsAChangeSavedByThisInstanceAtOnce proves the same-instance case.)
            await using (var db = app.CreateDbContext())
            {
                await db.Contests.Where(c => c.Id == contest.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.Name, "After Rename"));
            }

            // Time passes for both clocks: the contest cache's (the machine's) and the page cache's (the app's, ADR 021).
            await Task.Delay(PublicContests.CacheFor + TimeSpan.FromMilliseconds(500));
            app.Time.Advance(PublicContests.CacheFor + TimeSpan.FromMilliseconds(500));
            Assert.Contains("After Rename", await client.GetStringAsync($"/c/{contest.Code}"));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ContestPageShowsAChangeSavedByThisInstanceAtOnce(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = TestContests.Active(app.Time.GetUtcNow(), name: "Open Now");
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var client = app.CreateClient();
            Assert.Contains("Open Now", await client.GetStringAsync($"/c/{contest.Code}"));
            Assert.Contains("Open Now", await client.GetStringAsync("/"));

            // Saved through the app's own database registration, as every admin action is.
            using (var scope = app.Services.CreateScope())
            {
                await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ContestletDbContext>>().CreateDbContext();
                var tracked = await db.Contests.SingleAsync(c => c.Id == contest.Id);
                tracked.Cancel(app.Time.GetUtcNow(), "Venue closed");
                await db.SaveChangesAsync();
            }

            Assert.Contains("cancelled", await client.GetStringAsync($"/c/{contest.Code}"), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Open Now", await client.GetStringAsync("/"));
        });

    [Fact]
    public Task HomeShowsEmptyStateGivenNoContests() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var html = await app.CreateClient().GetStringAsync("/");
            Assert.Contains("No contests are running right now", html);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ContestPageShowsTimesInTheContestsZone(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            // 2026-11-29 02:00 UTC is Sat, Nov 28, 9:00 PM in New York (EST, UTC-5).
            var end = new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero);
            var contest = TestContests.PublishedAt(new ContestSchedule(end.AddDays(-5), end, "America/New_York"), end.AddDays(-6), "Zone Test");
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var html = await app.CreateClient().GetStringAsync($"/c/{contest.Code}");

            Assert.Contains("Sat, Nov 28, 9:00 PM EST", html);
            Assert.Contains("Mon, Nov 23, 9:00 PM EST", html);
            Assert.Contains(">4 d 14 h</time>", html);
        });

    [Theory]
    [InlineData("Upcoming", "Opens ")]
    [InlineData("Ended", "Entries closed")]
    public Task ContestPageShowsStatusBanner(string which, string expected) =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var now = app.Time.GetUtcNow();
            var contest = which == "Upcoming" ? TestContests.Upcoming(now) : TestContests.Ended(now);
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var html = await app.CreateClient().GetStringAsync($"/c/{contest.Code}");
            Assert.Contains(expected, html);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ContestPageIsNotFoundGivenUnknownDraftOrDeletedContest(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var now = app.Time.GetUtcNow();
            var draft = TestContests.Draft(now);
            var deleted = TestContests.Active(now);
            await using (var db = app.CreateDbContext())
            {
                db.Contests.AddRange(draft, deleted);
                db.Entry(deleted).Property(c => c.DeletedAt).CurrentValue = now;
                await db.SaveChangesAsync();
            }

            var client = app.CreateClient();
            foreach (var path in new[] { "/c/zzzzzzzz", $"/c/{draft.Code}", $"/c/{deleted.Code}", "/c/not!a!code", "/no/such/page" })
            {
                var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Contains("We couldn't find that page", await response.Content.ReadAsStringAsync());
            }
        });

    [Fact]
    public Task OpenBoxRedirectsToContestGivenPastedLink() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var contest = TestContests.Active(app.Time.GetUtcNow());
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var client = app.CreateBrowserlessClient();
            var response = await client.GetAsync($"/?open={Uri.EscapeDataString($"https://contestlet.example/c/{contest.Code.ToUpperInvariant()}?ref=radio")}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.EndsWith($"/c/{contest.Code}", response.Headers.Location!.ToString());

            var unknown = WebUtility.HtmlDecode(await client.GetStringAsync("/?open=zzzzzzzz"));
            Assert.Contains("We couldn't find a contest with that code", unknown);
        });

    [Fact]
    public Task AdminConsoleRedirectsAnonymousVisitorsToSignIn() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var response = await app.CreateBrowserlessClient().GetAsync("/admin");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);
        });

    [Fact]
    public Task SeedsDemoDataOnlyIntoAnEmptyDatabase() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var settings = new Dictionary<string, string?> { ["Database:SeedDemoData"] = "true" };
            await using (var first = new ContestletAppFactory(database, settings: settings))
            {
                _ = first.Server;
            }

            await using (var second = new ContestletAppFactory(database, settings: settings))
            {
                _ = second.Server;
            }

            await using var db = database.CreateContext();
            var contests = await db.Contests.IgnoreQueryFilters().ToListAsync();
            var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            Assert.Equal(6, contests.Count);
            Assert.Contains(contests, c => c.StatusAt(now) == ContestStatus.Active);
            Assert.Contains(contests, c => c.StatusAt(now) == ContestStatus.Upcoming);
            var ended = Assert.Single(contests, c => c.StatusAt(now) == ContestStatus.Ended);
            Assert.True(await db.Entries.CountAsync(e => e.ContestId == ended.Id) > 0);
            Assert.True(contests.Select(c => c.Schedule.TimeZoneId).Distinct().Count() >= 3);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task OfficialRulesAreGeneratedFromTheContestsFields(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var end = new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero);
            var contest = TestContests.PublishedAt(new ContestSchedule(end.AddDays(-5), end, "America/New_York"), end.AddDays(-6), "Rules Test",
                new Eligibility { MinimumAge = 21, Scope = RegionScope.ListedStates, States = ["NY", "NJ"], Frequency = EntryFrequency.OncePerDay, TotalEntryCap = 5000 });
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            var html = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/c/{contest.Code}/rules"));

            Assert.Contains("NO PURCHASE OR PAYMENT OF ANY KIND IS NECESSARY", html);
            Assert.Contains("21 years of age or older", html);
            Assert.Contains("Open to residents of New York, New Jersey", html);
            Assert.Contains("ends <strong>Sat, Nov 28, 9:00 PM EST</strong>", html);
            Assert.Contains("one (1) entry per person per day", html);
            Assert.Contains("5,000 entries", html);
            Assert.Contains("Approximate retail value of each prize: $50.00", html);
            Assert.Contains("within 72 hours", html);
            Assert.Contains(contest.SeedCommitment!, html);
            Assert.DoesNotContain(Convert.ToHexStringLower(TestSeeds.Vault.Open(contest.SealedDrawSeed!)), html);
        });
}
