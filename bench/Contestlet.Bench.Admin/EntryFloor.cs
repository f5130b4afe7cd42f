using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Entries;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Bench.Admin;

/// <summary>
/// The database work of one entry against its floor, in one process and one run:
/// the app's own entry operation (<see cref="EntryService.EnterAsync(string, PhoneNumber, EntryRequest, CancellationToken)"/>) into one hot contest and spread over ten, and a
/// raw ADO.NET replay of exactly the statements that operation issued for one entry (recorded from EF's diagnostics).
/// </summary>
public static class EntryFloor
{
    private const int SpreadContests = 10;

    public static async Task<int> RunAsync(AdminBenchOptions options)
    {
        await using var database = await BenchDatabase.CreateAsync(options);
        using var host = AppServices.Build(database);
        var services = host.Services;
        var dbFactory = services.GetRequiredService<IDbContextFactory<ContestletDbContext>>();
        var time = services.GetRequiredService<TimeProvider>();
        // Listening from the start: the app's contexts are pooled, and a pooled context's command logger decides once
        // whether anyone listens, so a listener that arrives after the first contexts were made would hear only the
        // transaction events. Disposed once the entry is recorded, before the measured series.
        var recorder = new StatementRecorder();
        await DatabaseStartup.MigrateAsync(services, CancellationToken.None);

        var contests = new List<Contest>();
        for (var i = 0; i < SpreadContests + 2; i++)
        {
            contests.Add(await CreateOpenContestAsync(dbFactory, time, i));
        }

        var warmUp = contests[0];
        var hot = contests[1];
        var spread = contests.Skip(2).ToList();
        // Entries already in the contests (the spike meets a contest that has been open for a while): the hot contest and
        // the warm-up contest the raw replay writes into get all of them, each of the ten a tenth, so every series writes
        // into tables and indexes of the same size. The measured series' numbers come after the preloaded ones.
        var preload = TimeSpan.Zero;
        if (options.Preload > 0)
        {
            preload = await EntryLoader.LoadManyAsync(database, dbFactory,
                [(warmUp, options.Preload), (hot, options.Preload), .. spread.Select(c => (c, options.Preload / spread.Count))], until: time.GetUtcNow());
        }

        var entries = services.GetRequiredService<EntryService>();
        var request = new EntryRequest(null, ConfirmedAgeRulesAndSms: true);
        var phoneIndex = options.Preload;
        int NextBlock(int size) => Interlocked.Add(ref phoneIndex, size) - size;

        // JIT and EF query compilation, then one entry recorded statement by statement.
        var warmBase = NextBlock(200);
        await Series.RunAsync(200, options.Concurrency, async i =>
            (await entries.EnterAsync(warmUp.Code, PhoneNumber.FromE164(EntryLoader.PhoneAt(warmBase + i)), request, CancellationToken.None)).Result == EntryResult.Accepted);
        var recordedPhone = PhoneNumber.FromE164(EntryLoader.PhoneAt(NextBlock(1)));
        EntryOutcome? recorded = null;
        var steps = recorder.Record(async () => recorded = await entries.EnterAsync(warmUp.Code, recordedPhone, request, CancellationToken.None));
        recorder.Dispose();
        if (recorded is not { Result: EntryResult.Accepted, Entry: { } template })
        {
            Console.Error.WriteLine($"entry floor: the recorded entry was not accepted ({recorded?.Refusal?.Message})");
            return 1;
        }

        var hotBase = NextBlock(options.Entries);
        var hotResult = await Series.RunAsync(options.Entries, options.Concurrency, async i =>
            (await entries.EnterAsync(hot.Code, PhoneNumber.FromE164(EntryLoader.PhoneAt(hotBase + i)), request, CancellationToken.None)).Result == EntryResult.Accepted);

        var spreadBase = NextBlock(options.Entries);
        var spreadResult = await Series.RunAsync(options.Entries, options.Concurrency, async i =>
            (await entries.EnterAsync(spread[i % spread.Count].Code, PhoneNumber.FromE164(EntryLoader.PhoneAt(spreadBase + i)), request,
                CancellationToken.None)).Result == EntryResult.Accepted);

        string connectionString;
        DbProviderFactory factory;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            connectionString = db.Database.GetConnectionString()!;
            factory = DbProviderFactories.GetFactory(db.Database.GetDbConnection())!;
        }

        var replay = new StatementReplay(factory, connectionString, steps, template);
        var rawBase = NextBlock(options.Entries);
        var rawResult = await Series.RunAsync(options.Entries, options.Concurrency, i => replay.RunAsync(EntryLoader.PhoneAt(rawBase + i)));

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var counted = await db.Entries.CountAsync(e => e.ContestId == hot.Id) - options.Preload;
            if (counted != hotResult.Succeeded)
            {
                Console.Error.WriteLine($"entry floor: {hotResult.Succeeded} accepted but {counted} stored besides the preloaded ones");
                return 1;
            }
        }

        Print(options, steps, hotResult, spreadResult, rawResult, preload);
        return hotResult.Failed + spreadResult.Failed + rawResult.Failed == 0 ? 0 : 1;
    }

    private static async Task<Contest> CreateOpenContestAsync(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, int index)
    {
        var now = time.GetUtcNow();
        var schedule = new ContestSchedule(now.AddHours(-1), now.AddDays(1), "America/New_York");
        var contest = Contest.Create(new ContestDetails
        {
            Name = $"On-air spike {index} (bench)",
            Description = "Text or tap now: two tickets to Saturday's show.",
            SponsorName = "KZTR 101.5 FM",
            Prize = new Prize { Description = "Two tickets", ValueUsd = 240m, WinnerCount = 1, AlternateCount = 2 },
            Rules = new OfficialRules { SponsorLegalName = "KZTR Broadcasting LLC" },
            Messages = new MessageTemplates { EntryConfirmation = "You're in for {contest_name}! Winners are drawn {end_time}." },
        }, schedule, now.AddDays(-2));
        contest.Publish(now.AddDays(-1), BenchSeeds.Vault);
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Contests.Add(contest);
        await db.SaveChangesAsync();
        return contest;
    }

    private static void Print(AdminBenchOptions options, IReadOnlyList<RecordedStep> steps, SeriesResult hot, SeriesResult spread, SeriesResult raw,
        TimeSpan preload)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"entry floor ({options.Provider}): {options.Entries:N0} entries per series, concurrency {options.Concurrency}, "
                                           + $"{options.Preload:N0} entries already in the contest (bulk-loaded in {preload.TotalSeconds:0.0} s)"));
        Console.WriteLine("  statements of one entry, as the app issued them:");
        foreach (var step in steps)
        {
            var text = step switch
            {
                RecordedBegin => "BEGIN",
                RecordedCommit => "COMMIT",
                RecordedCommand command => string.Join(' ', command.Text.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())),
                _ => step.ToString(),
            };
            Console.WriteLine($"    {(text.Length > 110 ? text[..110] + "…" : text)}");
        }

        Console.WriteLine(hot.Line("app, one hot contest"));
        Console.WriteLine(spread.Line($"app, spread over {SpreadContests}"));
        Console.WriteLine(raw.Line("raw replay (floor)"));
        Console.WriteLine(string.Create(c,
            $"  app ÷ floor: {hot.PerSecond / raw.PerSecond:P0} (hot), {spread.PerSecond / raw.PerSecond:P0} (spread);   hot ÷ spread: {hot.PerSecond / spread.PerSecond:P0}"));
    }
}

/// <summary>Replays a recorded unit of work for a new person: the recorded phone, last four, reference and entry id are swapped.</summary>
public sealed class StatementReplay(DbProviderFactory factory, string connectionString, IReadOnlyList<RecordedStep> steps, Entry template)
{
    public async Task<bool> RunAsync(string phone)
    {
        var reference = Entry.NewReference();
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync();
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            // The app's connections run these on open (an EF interceptor, not a recorded statement): the floor must too.
            await using var settings = connection.CreateCommand();
            settings.CommandText = SqliteConnectionSettings.Pragmas;
            await settings.ExecuteNonQueryAsync();
        }

        DbTransaction? transaction = null;
        long? newId = null;
        foreach (var step in steps)
        {
            switch (step)
            {
                case RecordedBegin:
                    transaction = await connection.BeginTransactionAsync();
                    break;
                case RecordedCommit:
                    await transaction!.CommitAsync();
                    await transaction.DisposeAsync();
                    transaction = null;
                    break;
                case RecordedCommand recorded:
                    await using (var command = connection.CreateCommand())
                    {
                        command.Transaction = transaction;
                        command.CommandText = recorded.Text;
                        foreach (var p in recorded.Parameters)
                        {
                            var parameter = command.CreateParameter();
                            parameter.ParameterName = p.Name;
                            parameter.DbType = p.DbType;
                            if (parameter is Npgsql.NpgsqlParameter npgsql && p.NpgsqlType is { } type)
                            {
                                npgsql.NpgsqlDbType = type;
                            }

                            parameter.Value = Swap(p.Value, phone, reference, newId) ?? DBNull.Value;
                            command.Parameters.Add(parameter);
                        }

                        if (newId is null && (recorded.Text.Contains("INSERT INTO \"entries\"", StringComparison.Ordinal)
                                              || recorded.Text.Contains("INSERT INTO entries ", StringComparison.Ordinal)))
                        {
                            newId = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                        }
                        else
                        {
                            await using var reader = await command.ExecuteReaderAsync();
                            while (await reader.ReadAsync())
                            {
                            }
                        }
                    }

                    break;
            }
        }

        return newId is not null;
    }

    private object? Swap(object? value, string phone, string reference, long? newId) => value switch
    {
        string s when s == template.PhoneE164 => phone,
        string s when s == template.PhoneLast4 => phone[^4..],
        string s when s == template.Reference => reference,
        long id when id == template.Id && newId is { } replacement => replacement,
        _ => value,
    };
}

public sealed record SeriesResult(int Succeeded, int Failed, TimeSpan Elapsed, double[] LatenciesMs, string? FirstError = null)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;

    public string Line(string name)
    {
        var sorted = LatenciesMs.Order().ToArray();
        double P(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"  {name,-26} {PerSecond,8:0} entries/s   p50 {P(0.50),6:0.0} ms   p99 {P(0.99),6:0.0} ms   errors {Failed}{(FirstError is null ? "" : " (first: " + FirstError + ")")}");
    }
}

public static class Series
{
    /// <summary>Runs <paramref name="count"/> operations with <paramref name="concurrency"/> workers; exceptions count as failures.</summary>
    public static async Task<SeriesResult> RunAsync(int count, int concurrency, Func<int, Task<bool>> operation)
    {
        var latencies = new double[count];
        var ok = new bool[count];
        var next = -1;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    ok[i] = await operation(i);
                }
                catch (Exception ex)
                {
                    ok[i] = false;
                    Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message.Split('\n')[0], null);
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        clock.Stop();
        var succeeded = ok.Count(x => x);
        return new SeriesResult(succeeded, count - succeeded, clock.Elapsed, latencies.Where((_, i) => ok[i]).ToArray(), firstError);
    }
}
