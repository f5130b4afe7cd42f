using Contestlet.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using static Contestlet.Web.Tests.Integration.Admin.AdminTestKit;

namespace Contestlet.Web.Tests.Integration.Admin;

public sealed class TrashPurgeTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task PurgesExpiredTrashWithEntriesAndKeepsEverythingElse(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var expired = TestContests.Ended(Now.AddDays(-40), name: "Expired");
            await SaveAsync(database, expired, entries: 4);
            var recent = TestContests.Ended(Now.AddDays(-35), name: "Recently deleted");
            await SaveAsync(database, recent, entries: 2);
            var kept = await SaveAsync(database, TestContests.Active(Now, name: "Running"), entries: 3);
            await using (var db = database.CreateContext())
            {
                await TrashAsync(db, expired.Id, Now.AddDays(-30));
                await TrashAsync(db, recent.Id, Now.AddDays(-29));
            }

            var purged = await Purger(database, Clock()).PurgeExpiredAsync(CancellationToken.None);

            Assert.Equal(1, purged);
            await using var check = database.CreateContext();
            Assert.False(await check.Contests.IgnoreQueryFilters().AnyAsync(c => c.Id == expired.Id));
            Assert.Equal(0, await check.Entries.CountAsync(e => e.ContestId == expired.Id));
            Assert.Equal(2, await check.Entries.CountAsync(e => e.ContestId == recent.Id));
            Assert.Equal(3, await check.Entries.CountAsync(e => e.ContestId == kept.Id));
            Assert.True(await check.Contests.IgnoreQueryFilters().AnyAsync(c => c.Id == recent.Id));
            var audit = await check.AuditLog.SingleAsync(a => a.Action == AuditAction.Purged);
            Assert.Equal((expired.Id, "Expired", AuditEntry.SystemActor), (audit.ContestId!.Value, audit.ContestName, audit.Actor));
            Assert.Contains("4 entries", audit.Detail);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DeletesEntriesThroughTheForeignKeyCascadeGivenContestRowDeleted(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, TestContests.Ended(Now), entries: 5);

            await using (var db = database.CreateContext())
            {
                if (db.Kind == Contestlet.Web.Data.DatabaseKind.Sqlite)
                {
                    Assert.Equal(1L, await db.Database.SqlQueryRaw<long>("SELECT foreign_keys AS \"Value\" FROM pragma_foreign_keys").SingleAsync());
                }

                await db.Contests.IgnoreQueryFilters().Where(c => c.Id == contest.Id).ExecuteDeleteAsync();
            }

            await using var check = database.CreateContext();
            Assert.Equal(0, await check.Entries.CountAsync(e => e.ContestId == contest.Id));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task LeavesContestInTrashGivenItWasRestoredBeforeThePurge(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = TestContests.Draft(Now, "Restored in time");
            contest.MoveToTrash(Now.AddDays(-29));
            await SaveAsync(database, contest);
            var clock = Clock();
            Assert.True((await AdminService(database, clock).RestoreAsync(contest.Id, Dana, CancellationToken.None)).Succeeded);
            clock.Advance(TimeSpan.FromDays(5));

            Assert.Equal(0, await Purger(database, clock).PurgeExpiredAsync(CancellationToken.None));
            await using var check = database.CreateContext();
            Assert.True(await check.Contests.AnyAsync(c => c.Id == contest.Id));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task PurgesTheDrawRecordWithItsContest(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var contest = await SaveAsync(database, TestContests.Ended(Now.AddDays(-40), name: "Drawn long ago"), entries: 6);
            var drawClock = Clock(Now.AddDays(-39));
            var draws = new Contestlet.Web.Features.Draws.DrawService(new TestDbContextFactory(database), drawClock, TestSeeds.Vault,
                TestAdminAccess.Changes(new TestDbContextFactory(database), drawClock),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<Contestlet.Web.Features.Draws.DrawService>.Instance);
            await draws.DrawAsync(contest.Id, new Contestlet.Web.Features.Admin.AdminActor("+18187958204", null), CancellationToken.None).DoneAsync();
            await using (var db = database.CreateContext())
            {
                Assert.Equal(1, await db.Draws.CountAsync(d => d.ContestId == contest.Id));
                await TrashAsync(db, contest.Id, Now.AddDays(-31));
            }

            Assert.Equal(1, await Purger(database, Clock()).PurgeExpiredAsync(CancellationToken.None));

            await using var check = database.CreateContext();
            Assert.Equal(0, await check.Draws.CountAsync(d => d.ContestId == contest.Id));
            Assert.Equal(0, await check.PrizeAwards.CountAsync(a => a.ContestId == contest.Id));
            Assert.Equal(0, await check.Entries.CountAsync(e => e.ContestId == contest.Id));
        });

    [Fact]
    public Task BackgroundServicePurgesOnItsScheduleGivenTheClockMoves() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var contest = TestContests.Draft(app.Time.GetUtcNow(), "Forgotten");
            contest.MoveToTrash(app.Time.GetUtcNow().AddDays(-31));
            await SaveAsync(app.Database, contest);
            using var client = app.CreateClient(); // starts the host and its hosted services

            var gone = false;
            for (var attempt = 0; attempt < 100 && !gone; attempt++)
            {
                app.Time.Advance(TimeSpan.FromMinutes(1));
                await Task.Delay(50);
                await using var db = app.CreateDbContext();
                gone = !await db.Contests.IgnoreQueryFilters().AnyAsync(c => c.Id == contest.Id);
            }

            Assert.True(gone, "The purge job did not remove the expired contest.");
        });

    private static async Task TrashAsync(Contestlet.Web.Data.ContestletDbContext db, int id, DateTimeOffset at)
    {
        var contest = await db.Contests.SingleAsync(c => c.Id == id);
        contest.MoveToTrash(at);
        await db.SaveChangesAsync();
    }
}
