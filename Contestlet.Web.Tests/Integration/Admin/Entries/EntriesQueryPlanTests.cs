using System.Data.Common;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin.Entries;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Contestlet.Web.Tests.Integration.Admin.Entries;

/// <summary>
/// The admin's entry queries must not walk a whole contest (bench/README.md: a million entries). SQLite only: the app never
/// runs ANALYZE there, so its plans follow from the indexes alone and are stable; PostgreSQL's planner weighs statistics
/// and has the same indexes from the same model.
/// </summary>
public sealed class EntriesQueryPlanTests
{
    [Fact]
    public Task SearchByLastFourReadsOnlyTheMatchingEntriesGivenSqlite() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var (contestId, recorder, entries) = await SeedAsync(database);

            var page = await entries.PageAsync(contestId, new EntryQuery(0, 25, LastFour: "0007"), CancellationToken.None);
            var plan = await PlanAsync(database, recorder.LastEntriesSelect(orderedBy: "EnteredAt"));

            Assert.Single(page.Rows);
            Assert.Contains("IX_entries_ContestId_PhoneLast4_EnteredAt (ContestId=? AND PhoneLast4=?)", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
        });

    [Fact]
    public Task CsvExportStreamsInIdOrderWithoutSortingTheContestGivenSqlite() =>
        DatabaseProviders.WithDatabaseAsync("Sqlite", async database =>
        {
            var (contestId, recorder, entries) = await SeedAsync(database);

            var written = await entries.WriteCsvAsync(contestId, fullPhones: false, Stream.Null, CancellationToken.None);
            var plan = await PlanAsync(database, recorder.LastEntriesSelect(orderedBy: "Id"));

            Assert.Equal(20, written);
            Assert.Contains("(ContestId=?)", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
        });

    private static async Task<(int ContestId, SelectRecorder Recorder, AdminEntries Entries)> SeedAsync(TestDatabase database)
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var contest = TestContests.Ended(now);
        await using (var db = database.CreateContext())
        {
            db.Contests.Add(contest);
            await db.SaveChangesAsync();
            db.Entries.AddRange(Enumerable.Range(0, 20).Select(i =>
                contest.Admit(PhoneNumber.FromE164($"+1555010{i:0000}"), new EntryRequest(null, true), contest.Schedule.StartsAt.AddMinutes(i))));
            await db.SaveChangesAsync();
        }

        var recorder = new SelectRecorder();
        var options = new DbContextOptionsBuilder<SqliteContestletDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(recorder).Options;
        var entries = new AdminEntries(new RecordingFactory(options), TimeProvider.System,
            TestAdminAccess.Changes(new RecordingFactory(options), TimeProvider.System), NullLogger<AdminEntries>.Instance);
        return (contest.Id, recorder, entries);
    }

    /// <summary>SQLite's plan for a command as the service sent it, one line per step.</summary>
    private static async Task<string> PlanAsync(TestDatabase database, RecordedCommand command)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var steps = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return string.Join("\n", steps);
    }

    private sealed record RecordedCommand(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

    private sealed class SelectRecorder : DbCommandInterceptor
    {
        private readonly List<RecordedCommand> _commands = [];

        /// <summary>The last query of the entries table ordered by <paramref name="orderedBy"/> (the rows, not the count).</summary>
        public RecordedCommand LastEntriesSelect(string orderedBy) =>
            _commands.Last(c => c.Sql.Contains("FROM \"entries\"", StringComparison.Ordinal)
                                && c.Sql.Contains($"ORDER BY \"e\".\"{orderedBy}\"", StringComparison.Ordinal));

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _commands.Add(new RecordedCommand(command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            return ValueTask.FromResult(result);
        }
    }

    private sealed class RecordingFactory(DbContextOptions<SqliteContestletDbContext> options) : IDbContextFactory<ContestletDbContext>
    {
        public ContestletDbContext CreateDbContext() => new SqliteContestletDbContext(options);
    }
}
