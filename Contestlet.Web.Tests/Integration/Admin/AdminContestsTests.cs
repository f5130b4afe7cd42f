using Contestlet.Domain.Audit;
using Contestlet.Domain.Contests;
using Contestlet.Web.Features.Admin.Contests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Contestlet.Web.Tests.Integration.Admin.AdminTestKit;

namespace Contestlet.Web.Tests.Integration.Admin;

public sealed class AdminContestsTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RoundTripsLocalTimesExactlyGivenContestInAnotherZone(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contests = AdminService(database, Clock());
            var input = new ContestInput
            {
                Name = "Bondi Sunrise",
                SponsorName = "Bondi Surf Co.",
                PrizeDescription = "Surf lesson",
                TimeZoneId = "Australia/Sydney",
                StartLocal = "2027-04-03T21:15",
                EndLocal = "2027-04-04T02:30",
            };
            var schedule = input.ToSchedule();

            var created = await contests.CreateAsync(input.ToDetails(), schedule.Schedule!, Dana, CancellationToken.None);
            var stored = await contests.FindAsync(created.ContestId!.Value, CancellationToken.None);

            // 2:30 AM on Apr 4 2027 happens twice in Sydney; the earlier one (AEDT, UTC+11) is 15:30 UTC the day before.
            Assert.Equal(new DateTimeOffset(2027, 4, 3, 15, 30, 0, TimeSpan.Zero), stored!.Schedule.EndsAt);
            Assert.Equal(new DateTimeOffset(2027, 4, 3, 10, 15, 0, TimeSpan.Zero), stored.Schedule.StartsAt);
            Assert.Contains("happens twice", Assert.Single(schedule.Notes));
            var shown = ContestInput.From(stored);
            Assert.Equal(("2027-04-03T21:15", "2027-04-04T02:30", "Australia/Sydney"), (shown.StartLocal, shown.EndLocal, shown.TimeZoneId));
            Assert.Equal("Sun, Apr 4, 2:30 AM AEDT", stored.Schedule.FormatEnd());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task PagesSortsAndCountsGivenManyContests(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            for (var i = 0; i < 30; i++)
            {
                var start = Now.AddDays(i - 15);
                await SaveAsync(database, TestContests.PublishedAt(new ContestSchedule(start, start.AddDays(i % 3 + 1), "America/New_York"),
                    start.AddDays(-1), $"Contest {i:00}"), entries: i % 4);
            }

            var contests = AdminService(database, Clock());

            var byName = await contests.QueryAsync(new ContestGridQuery(1, 10, ContestSort.Name, Descending: false), CancellationToken.None);
            var byEntries = await contests.QueryAsync(new ContestGridQuery(0, 5, ContestSort.Entries, Descending: true), CancellationToken.None);
            var byEndDesc = await contests.QueryAsync(new ContestGridQuery(0, 30, ContestSort.End, Descending: true), CancellationToken.None);

            Assert.Equal(30, byName.Total);
            Assert.Equal(Enumerable.Range(10, 10).Select(i => $"Contest {i:00}"), byName.Rows.Select(r => r.Name));
            Assert.All(byEntries.Rows, r => Assert.Equal(3, r.EntryCount));
            Assert.Equal(byEndDesc.Rows.Select(r => r.Schedule.EndsAt).OrderDescending(), byEndDesc.Rows.Select(r => r.Schedule.EndsAt));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FiltersByTheOneStatusFunctionAndSearchesCaseInsensitively(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var active = await SaveAsync(database, TestContests.Active(Now, name: "Margarita Monday"));
            await SaveAsync(database, TestContests.Upcoming(Now, name: "Grand Opening"));
            await SaveAsync(database, TestContests.Ended(Now, name: "Summer Surf"));
            await SaveAsync(database, TestContests.Draft(Now, name: "Taco 100% Tuesday"));
            var trashed = TestContests.Active(Now, name: "Trashed Margarita");
            trashed.MoveToTrash(Now);
            await SaveAsync(database, trashed);
            var contests = AdminService(database, Clock());

            async Task<string[]> Names(ContestStatus? status = null, string? search = null) =>
                (await contests.QueryAsync(new ContestGridQuery(0, 50, ContestSort.Name, false, search, status), CancellationToken.None))
                .Rows.Select(r => r.Name).ToArray();

            Assert.Equal(["Margarita Monday"], await Names(ContestStatus.Active));
            Assert.Equal(["Grand Opening"], await Names(ContestStatus.Upcoming));
            Assert.Equal(["Summer Surf"], await Names(ContestStatus.Ended));
            Assert.Equal(["Taco 100% Tuesday"], await Names(ContestStatus.Draft));
            Assert.Equal(["Margarita Monday"], await Names(search: "MARGARITA"));
            Assert.Equal(["Taco 100% Tuesday"], await Names(search: "100%"));
            Assert.Empty(await Names(search: "0_%"));
            Assert.Equal(["Margarita Monday"], await Names(search: active.Code.ToUpperInvariant()));
            Assert.Equal(4, (await Names(search: "test sponsor")).Length);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RecordsEveryLifecycleStepInTheAuditLogGivenCreatePublishEditCancelDeleteRestore(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var clock = Clock();
            var contests = AdminService(database, clock);
            var schedule = new ContestSchedule(Now.AddHours(1), Now.AddDays(1), "America/Chicago");
            var id = (await contests.CreateAsync(TestContests.Details("Lifecycle"), schedule, Dana, CancellationToken.None)).ContestId!.Value;

            Assert.True((await contests.PublishAsync(id, Dana, CancellationToken.None)).Succeeded);
            Assert.True((await contests.UpdateAsync(id, TestContests.Details("Lifecycle 2"), schedule, Dana, CancellationToken.None)).Succeeded);
            clock.Advance(TimeSpan.FromHours(2));
            Assert.True((await contests.CancelAsync(id, "Storm warning", Dana, CancellationToken.None)).Succeeded);
            Assert.True((await contests.MoveToTrashAsync(id, null, Dana, CancellationToken.None)).Succeeded);
            Assert.True((await contests.RestoreAsync(id, Dana, CancellationToken.None)).Succeeded);

            await using var db = database.CreateContext();
            var log = await db.AuditLog.Where(a => a.ContestId == id).OrderBy(a => a.Id).ToListAsync();
            Assert.Equal([AuditAction.Created, AuditAction.Published, AuditAction.Edited, AuditAction.Cancelled, AuditAction.Deleted, AuditAction.Restored],
                log.Select(a => a.Action));
            Assert.All(log, a => Assert.Equal(("+18187958204", "Dana"), (a.Actor, a.ActorName)));
            Assert.Contains("Storm warning", log[3].Detail);
            Assert.Contains("name", log[2].Detail);
            Assert.Equal("Dana", log[0].ShownActor);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesDeletingRunningContestWithEntriesAndLosesNothing(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, TestContests.Active(Now, name: "Busy"), entries: 3);
            var contests = AdminService(database, Clock());

            var refused = await contests.MoveToTrashAsync(contest.Id, "Busy", Dana, CancellationToken.None);
            await contests.CancelAsync(contest.Id, "Sponsor withdrew", Dana, CancellationToken.None);
            var wrongName = await contests.MoveToTrashAsync(contest.Id, "busy", Dana, CancellationToken.None);

            Assert.False(refused.Succeeded);
            Assert.Contains("Cancel it first", refused.Error);
            Assert.False(wrongName.Succeeded);
            Assert.Contains("Type the contest's name", wrongName.Error);
            await using var db = database.CreateContext();
            Assert.Equal(3, await db.Entries.CountAsync(e => e.ContestId == contest.Id));
            Assert.Null((await db.Contests.SingleAsync(c => c.Id == contest.Id)).DeletedAt);
            Assert.DoesNotContain(await db.AuditLog.Select(a => a.Action).ToListAsync(), a => a == AuditAction.Deleted);
            Assert.True((await contests.MoveToTrashAsync(contest.Id, " Busy ", Dana, CancellationToken.None)).Succeeded);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ReturnsFieldErrorsAndSavesNothingGivenStartMovedAfterEntries(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, TestContests.Active(Now, name: "Entered"), entries: 2);
            var contests = AdminService(database, Clock());
            var moved = new ContestSchedule(contest.Schedule.StartsAt.AddHours(1), contest.Schedule.EndsAt.AddHours(-1), contest.Schedule.TimeZoneId);

            var result = await contests.UpdateAsync(contest.Id, TestContests.Details("Entered"), moved, Dana, CancellationToken.None);

            Assert.False(result.Succeeded);
            Assert.Contains("start can no longer move", result.FieldErrors["Start"]);
            Assert.Contains("only be extended", result.FieldErrors["End"]);
            var stored = await contests.FindAsync(contest.Id, CancellationToken.None);
            Assert.Equal(contest.Schedule, stored!.Schedule);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesEditDecidedOnStaleEntryCountGivenEntryLandedMeanwhile(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, TestContests.Active(Now, name: "Race"));
            await using var admin = database.CreateContext();
            var loaded = await admin.Contests.SingleAsync(c => c.Id == contest.Id);
            await using (var entrant = database.CreateContext())
            {
                await entrant.Contests.Where(c => c.Id == contest.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.EntryCount, c => c.EntryCount + 1));
            }

            loaded.Edit(TestContests.Details("Race"), new ContestSchedule(Now.AddMinutes(30), loaded.Schedule.EndsAt, "America/New_York"), Now);

            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => admin.SaveChangesAsync());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ListsTrashNewestFirstAndRefusesRestoreAfterThirtyDays(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var old = TestContests.Draft(Now, "Old");
            old.MoveToTrash(Now.AddDays(-31));
            var recent = TestContests.Draft(Now, "Recent");
            recent.MoveToTrash(Now.AddDays(-1));
            await SaveAsync(database, old);
            await SaveAsync(database, recent);
            var contests = AdminService(database, Clock());

            var trash = await contests.ListTrashAsync(CancellationToken.None);
            var restoreOld = await contests.RestoreAsync(old.Id, Dana, CancellationToken.None);

            Assert.Equal([("Recent", true), ("Old", false)], trash.Select(t => (t.Name, t.CanRestore)));
            Assert.False(restoreOld.Succeeded);
            Assert.Contains("can no longer be restored", restoreOld.Error);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task HidesDeletedContestFromEveryPublicPage(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = await SaveAsync(app.Database, TestContests.Active(app.Time.GetUtcNow(), name: "Soon Deleted"));
            var client = app.CreateClient();
            Assert.Contains("Soon Deleted", await client.GetStringAsync($"/c/{contest.Code}"));

            // The app's own service, as the console calls it: its save clears this instance's cache of public reads.
            using var scope = app.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<AdminContests>().MoveToTrashAsync(contest.Id, null, Dana, CancellationToken.None);

            Assert.True(result.Succeeded);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/c/{contest.Code}")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/c/{contest.Code}/rules")).StatusCode);
            Assert.DoesNotContain("Soon Deleted", await client.GetStringAsync("/"));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ShowsAdminEnteredLocalTimesOnPublicPageGivenPhoenixContest(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contests = AdminService(app.Database, app.Time);
            var input = new ContestInput
            {
                Name = "Desert Drive",
                SponsorName = "KPHX",
                PrizeDescription = "Tickets",
                TimeZoneId = "America/Phoenix",
                StartLocal = "2026-11-24T03:00",
                EndLocal = "2026-11-28T21:00",
            };
            var id = (await contests.CreateAsync(input.ToDetails(), input.ToSchedule().Schedule!, Dana, CancellationToken.None)).ContestId!.Value;
            await contests.PublishAsync(id, Dana, CancellationToken.None);
            var code = (await contests.FindAsync(id, CancellationToken.None))!.Code;

            var html = await app.CreateClient().GetStringAsync($"/c/{code}");

            Assert.Contains("Sat, Nov 28, 9:00 PM MST", html);
            Assert.Contains("Tue, Nov 24, 3:00 AM MST", html);
        });
}
