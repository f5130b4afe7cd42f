using System.Net;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Draws;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Contestlet.Web.Tests.Integration.Draws;

public sealed class DrawServiceTests
{
    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DrawsFromEligibleEntriesAndCompletesContest(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 30, disqualified: 5, winners: 3);
            var eligible = entries.Skip(5).Select(e => e.Id).ToList();

            var outcome = await DrawAsync(app, contest.Id, "Dana (admin)");

            Assert.False(outcome.AlreadyDrawn);
            await using var db = app.CreateDbContext();
            var stored = await db.Draws.SingleAsync(d => d.ContestId == contest.Id);
            var reloaded = await db.Contests.SingleAsync(c => c.Id == contest.Id);
            Assert.Equal(app.Time.GetUtcNow(), reloaded.DrawnAt);
            Assert.Equal(ContestStatus.Complete, reloaded.StatusAt(app.Time.GetUtcNow()));
            Assert.Equal(25, stored.EntryCount);
            Assert.Equal(3, stored.Winners.Count);
            Assert.Equal(2, stored.Alternates.Count);
            Assert.All(stored.Winners.Concat(stored.Alternates), id => Assert.Contains(id, eligible));
            Assert.Equal("Dana (admin)", stored.DrawnBy);
            Assert.Equal(outcome.Draw.Winners, stored.Winners);

            var verification = DrawVerifier.Verify(stored.Seed, reloaded.SeedCommitment!, eligible, stored.WinnerCount, stored.AlternateCount,
                stored.Winners, stored.Alternates, stored.EntryListHash);
            Assert.True(verification.Verified, string.Join(" ", verification.Problems));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task MakesExactlyOneDrawGivenEightConcurrentAttempts(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 200, disqualified: 0, winners: 5);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await DrawAsync(app, contest.Id, $"admin {i}");
            })).ToList();

            start.SetResult();
            var outcomes = await Task.WhenAll(attempts);

            await using var db = app.CreateDbContext();
            var stored = await db.Draws.Where(d => d.ContestId == contest.Id).ToListAsync();
            var record = Assert.Single(stored);
            Assert.Single(outcomes, o => !o.AlreadyDrawn);
            Assert.All(outcomes, o =>
            {
                Assert.Equal(record.Id, o.Draw.Id);
                Assert.Equal(record.Winners, o.Draw.Winners);
                Assert.Equal(record.Alternates, o.Draw.Alternates);
            });
        });

    [Fact]
    public Task ReturnsConcurrentDrawGivenItCommitsWhileThisOneWaitsOnTheUniqueIndex() =>
        // PostgreSQL lets both transactions read "not drawn yet"; this forces that interleaving deterministically.
        DatabaseProviders.WithAppAsync("Postgres", async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 12, disqualified: 0, winners: 2);
            // A plain context (no retrying strategy, which would refuse a transaction opened by hand outside it).
            await using var other = app.Database.CreateContext();
            await using var otherTransaction = await other.Database.BeginTransactionAsync();
            var otherContest = await other.Contests.SingleAsync(c => c.Id == contest.Id);
            var otherDraw = otherContest.Draw(entries.Select(e => e.Id), "the other admin", app.Time.GetUtcNow(), TestSeeds.Vault);
            other.Draws.Add(otherDraw);
            await other.SaveChangesAsync();

            var drawing = DrawAsync(app, contest.Id, "this admin");
            await WaitForABlockedQueryAsync(app.Database.ConnectionString);
            await otherTransaction.CommitAsync();
            var outcome = await drawing;

            Assert.True(outcome.AlreadyDrawn);
            Assert.Equal(otherDraw.Id, outcome.Draw.Id);
            Assert.Equal("the other admin", outcome.Draw.DrawnBy);
            await using var db = app.CreateDbContext();
            Assert.Equal(1, await db.Draws.CountAsync(d => d.ContestId == contest.Id));
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task DatabaseRefusesASecondDrawRecordForOneContest(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            // Two copies of the contest, each loaded before either drew: the domain cannot see the other draw, the index can.
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 5, disqualified: 0, winners: 1);
            await using var first = app.CreateDbContext();
            await using var second = app.CreateDbContext();
            var firstCopy = await first.Contests.SingleAsync(c => c.Id == contest.Id);
            var secondCopy = await second.Contests.SingleAsync(c => c.Id == contest.Id);
            first.Draws.Add(firstCopy.Draw(entries.Select(e => e.Id), "first", app.Time.GetUtcNow(), TestSeeds.Vault));
            second.Draws.Add(secondCopy.Draw(entries.Select(e => e.Id), "second", app.Time.GetUtcNow(), TestSeeds.Vault));
            await first.SaveChangesAsync();

            var error = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

            Assert.True(error.IsUniqueViolation());
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task RefusesDrawGivenEntriesStillOpen(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var contest = TestContests.Active(app.Time.GetUtcNow());
            await using (var db = app.CreateDbContext())
            {
                db.Contests.Add(contest);
                await db.SaveChangesAsync();
            }

            await TryDrawAsync(app, contest.Id, "admin").RefusedAsync();

            await using var check = app.CreateDbContext();
            Assert.False(await check.Draws.AnyAsync());
            Assert.Null((await check.Contests.SingleAsync(c => c.Id == contest.Id)).DrawnAt);
        });

    [Fact]
    public Task RefusesDrawGivenUnknownContest() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var error = await TryDrawAsync(app, 4711, "admin").RefusedAsync();
            Assert.Equal("We couldn't find that contest.", error);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task PublishesEntryListOnlyAfterTheDraw(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 10, disqualified: 2, winners: 2);
            var client = app.CreateClient();
            var path = DrawEndpoints.EntriesPath(contest.Code);

            var before = await client.GetAsync(path);
            await DrawAsync(app, contest.Id, "admin");
            var after = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Equal("text/plain", after.Content.Headers.ContentType?.MediaType);
            var expected = string.Concat(entries.Skip(2).Select(e => $"{e.Id}\n"));
            Assert.Equal(expected, await after.Content.ReadAsStringAsync());
        });

    [Fact]
    public Task AnswersNotFoundForEntryListGivenUnknownCode() =>
        DatabaseProviders.WithAppAsync("Sqlite", async app =>
        {
            var response = await app.CreateClient().GetAsync(DrawEndpoints.EntriesPath("ZZZZZZZZ"));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task KeepsPublishedEntryListGivenAWinnerDisqualifiedAfterTheDraw(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var (contest, entries) = await SeedEndedContestAsync(app, entryCount: 8, disqualified: 0, winners: 1);
            var outcome = await DrawAsync(app, contest.Id, "admin");
            app.Time.Advance(TimeSpan.FromHours(2));
            await using (var db = app.CreateDbContext())
            {
                var winner = await db.Entries.SingleAsync(e => e.Id == outcome.Draw.Winners[0]);
                db.Entry(winner).Property(e => e.DisqualifiedAt).CurrentValue = app.Time.GetUtcNow();
                await db.SaveChangesAsync();
            }

            var text = await app.CreateClient().GetStringAsync(DrawEndpoints.EntriesPath(contest.Code));

            Assert.Equal(string.Concat(entries.Select(e => $"{e.Id}\n")), text);
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task VerifierCommandConfirmsRecordedDrawFromPublishedData(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var (contest, _) = await SeedEndedContestAsync(app, entryCount: 40, disqualified: 3, winners: 4);
            var draw = (await DrawAsync(app, contest.Id, "admin")).Draw;
            var entriesFile = Path.Combine(Path.GetTempPath(), $"contestlet-entries-{Guid.NewGuid():N}.txt");
            await File.WriteAllTextAsync(entriesFile, await app.CreateClient().GetStringAsync(DrawEndpoints.EntriesPath(contest.Code)));
            try
            {
                var run = VerifyDrawCommandTests.Run(
                    "--seed", draw.Seed, "--commitment", contest.SeedCommitment!, "--entries", entriesFile,
                    "--winners", $"{draw.WinnerCount}", "--alternates", $"{draw.AlternateCount}",
                    "--expect-winners", string.Join(',', draw.Winners), "--expect-alternates", string.Join(',', draw.Alternates),
                    "--entry-list-hash", draw.EntryListHash, "--algorithm", draw.Algorithm);

                Assert.Equal(VerifyDrawCommand.Verified, run.ExitCode);
                Assert.Contains("VERIFIED", run.Output);
                Assert.Contains("entries           37", run.Output);
            }
            finally
            {
                File.Delete(entriesFile);
            }
        });

    [Theory]
    [MemberData(nameof(DatabaseProviders.Both), MemberType = typeof(DatabaseProviders))]
    public Task ContestsGridShowsHowManyWinnersWereDrawnGivenADrawnContest(string provider) =>
        DatabaseProviders.WithAppAsync(provider, async app =>
        {
            var (drawn, _) = await SeedEndedContestAsync(app, entryCount: 4, disqualified: 2, winners: 3);
            var (undrawn, _) = await SeedEndedContestAsync(app, entryCount: 2, disqualified: 0, winners: 1);
            await DrawAsync(app, drawn.Id, "Dana (admin)");

            await using var scope = app.Services.CreateAsyncScope();
            var grid = await scope.ServiceProvider.GetRequiredService<Contestlet.Web.Features.Admin.Contests.AdminContests>()
                .QueryAsync(new Contestlet.Web.Features.Admin.Contests.ContestGridQuery(0, 10), CancellationToken.None);

            // Three winners were asked for, but only two entries were eligible.
            Assert.Equal(2, grid.Rows.Single(r => r.Id == drawn.Id).WinnersDrawn);
            Assert.Null(grid.Rows.Single(r => r.Id == undrawn.Id).WinnersDrawn);
        });

    private static Task<DrawOutcome> DrawAsync(ContestletAppFactory app, int contestId, string admin) => TryDrawAsync(app, contestId, admin).DoneAsync();

    private static async Task<AdminResult<DrawOutcome>> TryDrawAsync(ContestletAppFactory app, int contestId, string admin)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DrawService>().DrawAsync(contestId, new AdminActor("+15551234567", admin), CancellationToken.None);
    }

    /// <summary>An ended contest with entries made while it was open; the first <paramref name="disqualified"/> are disqualified.</summary>
    private static async Task<(Contest Contest, List<Entry> Entries)> SeedEndedContestAsync(ContestletAppFactory app, int entryCount,
        int disqualified, int winners)
    {
        var now = app.Time.GetUtcNow();
        var contest = Contest.Create(TestContests.Details(winners: winners), new ContestSchedule(now.AddDays(-2), now.AddDays(-1), "America/New_York"), now.AddDays(-3));
        contest.Publish(now.AddDays(-3), TestSeeds.Vault);
        await using (var db = app.CreateDbContext())
        {
            db.Contests.Add(contest);
            await db.SaveChangesAsync();
        }

        await using var context = app.CreateDbContext();
        context.Attach(contest);
        var entries = Enumerable.Range(0, entryCount)
            .Select(i => contest.Admit(PhoneNumber.FromE164($"+1555010{i:0000}"), new EntryRequest(null, true), now.AddDays(-2).AddMinutes(i)))
            .ToList();
        context.Entries.AddRange(entries);
        await context.SaveChangesAsync();
        foreach (var entry in entries.Take(disqualified))
        {
            context.Entry(entry).Property(e => e.DisqualifiedAt).CurrentValue = now.AddDays(-1).AddHours(-1);
            context.Entry(entry).Property(e => e.DisqualificationReason).CurrentValue = "Entered twice under two numbers";
        }

        await context.SaveChangesAsync();
        return (contest, entries.OrderBy(e => e.Id).ToList());
    }

    private static async Task WaitForABlockedQueryAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The draw never waited on the other transaction's lock.");
    }
}
