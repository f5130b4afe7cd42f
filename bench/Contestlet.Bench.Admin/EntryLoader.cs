using System.Diagnostics;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Contestlet.Bench.Admin;

/// <summary>
/// Bulk-loads N entries into the contest, fast, with exactly the rows the app writes: each one is made by the domain
/// (<see cref="Contest.AdmitUnchecked"/>, so phone, last four, state, period key and reference are the app's own), a few
/// are disqualified by <see cref="Entry.Disqualify"/>, and the contest's entry counter ends at N, as N accepted entries leave it.
/// </summary>
public static class EntryLoader
{
    public const int DisqualifyEvery = 997;
    public const string DisqualificationReason = "Duplicate household (bench)";

    private static readonly string[] AreaCodes =
        ["212", "213", "305", "310", "312", "404", "415", "512", "602", "617", "646", "702", "713", "718", "773", "818", "917", "206", "303", "503"];

    private static readonly string[] Columns =
        ["ContestId", "PhoneE164", "PhoneLast4", "State", "PeriodKey", "Reference", "EnteredAt", "DisqualifiedAt", "DisqualificationReason"];

    public static Task<TimeSpan> LoadAsync(BenchDatabase database, IDbContextFactory<ContestletDbContext> dbFactory, Contest contest, int count) =>
        LoadManyAsync(database, dbFactory, [(contest, count)], until: null);

    /// <summary>
    /// Several contests in one bulk load (one transaction or one COPY). Entry times are spread over each contest's window up to
    /// <paramref name="until"/> when given (a running contest has no entries from the future).
    /// </summary>
    public static async Task<TimeSpan> LoadManyAsync(BenchDatabase database, IDbContextFactory<ContestletDbContext> dbFactory,
        IReadOnlyList<(Contest Contest, int Count)> loads, DateTimeOffset? until)
    {
        var clock = Stopwatch.StartNew();
        var references = new HashSet<string>(StringComparer.Ordinal);
        var entries = loads.SelectMany(load => Generate(load.Contest, load.Count, until, references));
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            LoadSqlite(database.ConnectionString, entries);
        }
        else
        {
            await LoadPostgresAsync(database.ConnectionString, entries);
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        foreach (var (contest, count) in loads.Where(l => l.Count > 0))
        {
            await db.Contests.Where(c => c.Id == contest.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.EntryCount, count));
        }

        clock.Stop();
        return clock.Elapsed;
    }

    /// <summary>
    /// Distinct, valid-looking US mobile numbers (20 area codes; exchange 200–999 and line spread by a multiplier coprime
    /// to 8,000,000, so no two indexes share a number), entry times spread evenly over the contest window in id order.
    /// </summary>
    public static string PhoneAt(int index)
    {
        var x = (long)(index / AreaCodes.Length) * 1_234_567 % 8_000_000;
        return $"+1{AreaCodes[index % AreaCodes.Length]}{200 + (x / 10_000)}{x % 10_000:0000}";
    }

    private static IEnumerable<Entry> Generate(Contest contest, int count, DateTimeOffset? until, HashSet<string> references)
    {
        var random = new Random(20261124);
        var start = contest.Schedule.StartsAt;
        var end = until is { } last && last < contest.Schedule.EndsAt ? last : contest.Schedule.EndsAt;
        var slot = (end - start) / Math.Max(1, count);
        for (var i = 0; i < count; i++)
        {
            var at = start + (slot * (i + random.NextDouble()));
            var request = new EntryRequest(BenchContest.States[random.Next(BenchContest.States.Length)], ConfirmedAgeRulesAndSms: true);
            var phone = PhoneNumber.FromE164(PhoneAt(i));
            Entry entry;
            do
            {
                // References are random; at a million entries two may collide, which the unique index would refuse.
                entry = contest.AdmitUnchecked(phone, request, at);
            }
            while (!references.Add(entry.Reference));

            if (i % DisqualifyEvery == DisqualifyEvery - 1)
            {
                entry.Disqualify(contest, DisqualificationReason, at.AddMinutes(30) < contest.Schedule.EndsAt ? at.AddMinutes(30) : at);
            }

            yield return entry;
        }
    }

    /// <summary>One transaction, one prepared INSERT reused for every row; times as UTC ticks, as the app's converter stores them.</summary>
    private static void LoadSqlite(string connectionString, IEnumerable<Entry> entries)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO entries ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select(c => "$" + c))})";
        var parameters = Columns.ToDictionary(c => c, c => insert.Parameters.Add(new SqliteParameter { ParameterName = "$" + c }));
        insert.Prepare();
        foreach (var entry in entries)
        {
            parameters["ContestId"].Value = entry.ContestId;
            parameters["PhoneE164"].Value = entry.PhoneE164;
            parameters["PhoneLast4"].Value = entry.PhoneLast4;
            parameters["State"].Value = (object?)entry.State ?? DBNull.Value;
            parameters["PeriodKey"].Value = entry.PeriodKey;
            parameters["Reference"].Value = entry.Reference;
            parameters["EnteredAt"].Value = entry.EnteredAt.UtcTicks;
            parameters["DisqualifiedAt"].Value = (object?)entry.DisqualifiedAt?.UtcTicks ?? DBNull.Value;
            parameters["DisqualificationReason"].Value = (object?)entry.DisqualificationReason ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Binary COPY; ids come from the identity column as they do for the app's inserts.</summary>
    private static async Task LoadPostgresAsync(string connectionString, IEnumerable<Entry> entries)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
                         $"COPY entries ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var entry in entries)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(entry.ContestId, NpgsqlDbType.Integer);
                await copy.WriteAsync(entry.PhoneE164, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.PhoneLast4, NpgsqlDbType.Varchar);
                await WriteNullableAsync(copy, entry.State, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.PeriodKey, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.Reference, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.EnteredAt, NpgsqlDbType.TimestampTz);
                await WriteNullableAsync(copy, entry.DisqualifiedAt, NpgsqlDbType.TimestampTz);
                await WriteNullableAsync(copy, entry.DisqualificationReason, NpgsqlDbType.Varchar);
            }

            await copy.CompleteAsync();
        }

        // What autovacuum does to an insert-heavy table in production: planner statistics and the visibility map.
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE entries", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync();
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, type);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, DateTimeOffset? value, NpgsqlDbType type) =>
        value is { } present ? copy.WriteAsync(present, type) : copy.WriteNullAsync();
}
