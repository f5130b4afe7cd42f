using Contestlet.Domain.Contests;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Tests.Integration.Data;

public sealed class SchemaTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task HasNoPendingModelChangesGivenCheckedInMigrations(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            await using var db = database.CreateContext();
            Assert.False(db.Database.HasPendingModelChanges(),
                $"The {provider} model differs from its migrations: add a migration for {provider}.");
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RoundTripsScheduleInstantsAndZoneExactly(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var start = new DateTimeOffset(2026, 3, 8, 6, 59, 59, 123, TimeSpan.Zero).AddTicks(4567);
            var schedule = new ContestSchedule(start, start.AddHours(49), "Australia/Sydney");
            var contest = Contest.Create(TestContests.Details(), schedule, start);
            await using (var db = database.CreateContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            await using var read = database.CreateContext();
            var loaded = await read.Contests.SingleAsync(c => c.Id == contest.Id);
            // PostgreSQL keeps microseconds; that is the precision we promise.
            Assert.Equal(start.UtcTicks / 10, loaded.Schedule.StartsAt.UtcTicks / 10);
            Assert.Equal(schedule.EndsAt.UtcTicks / 10, loaded.Schedule.EndsAt.UtcTicks / 10);
            Assert.Equal(TimeSpan.Zero, loaded.Schedule.StartsAt.Offset);
            Assert.Equal("Australia/Sydney", loaded.Schedule.TimeZoneId);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task FiltersByStatusInSqlExactlyAsTheStatusFunction(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            var contests = new[]
            {
                TestContests.PublishedAt(new ContestSchedule(now, now.AddHours(1), "UTC"), now.AddDays(-1), "starts exactly now"),
                TestContests.PublishedAt(new ContestSchedule(now.AddHours(-1), now, "UTC"), now.AddDays(-1), "ends exactly now"),
                TestContests.PublishedAt(new ContestSchedule(now.AddTicks(10), now.AddHours(1), "UTC"), now.AddDays(-1), "starts just after"),
                TestContests.PublishedAt(new ContestSchedule(now.AddHours(-1), now.AddTicks(10), "UTC"), now.AddDays(-1), "ends just after"),
                TestContests.Draft(now),
            };
            await using (var db = database.CreateContext())
            {
                db.Contests.AddRange(contests);
                await db.SaveChangesAsync();
            }

            await using var read = database.CreateContext();
            foreach (var status in Enum.GetValues<ContestStatus>())
            {
                var inSql = await read.Contests.Where(Contest.HasStatus(status, now)).Select(c => c.Name).OrderBy(n => n).ToListAsync();
                var inMemory = contests.Where(c => c.StatusAt(now) == status).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
                Assert.Equal(inMemory, inSql.Order(StringComparer.Ordinal).ToList());
            }
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RejectsDuplicateContestCodes(string provider) =>
        DatabaseProviders.WithDatabaseAsync(provider, async database =>
        {
            var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            var first = TestContests.Active(now);
            await using (var db = database.CreateContext())
            {
                db.Contests.Add(first);
                await db.SaveChangesAsync();
            }

            await using var again = database.CreateContext();
            var copy = TestContests.Active(now);
            again.Entry(copy).Property(c => c.Code).CurrentValue = first.Code;
            again.Contests.Add(copy);
            await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync());
        });
}
