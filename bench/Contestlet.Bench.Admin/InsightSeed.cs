using System.Diagnostics;
using Contestlet.Domain.Contests;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Features.Admin.Dashboard;
using Contestlet.Web.Features.Admin.Fraud;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Contestlet.Bench.Admin;

/// <summary>
/// The database of <c>bench/run-insight-bench.sh</c>: one contest of <c>--entries</c> (a million) that ran for two weeks and ended
/// an hour ago, and <c>--contests</c> − 1 others (ended in the last two months, running, upcoming and drafts, most with up to a
/// hundred entries), through the real migrations and the app's own domain. Then the background entries pass (fraud signals and
/// the hub's rollup, docs/decisions/019-…) is run to the end in this process, as a running app would have kept it, so the timed
/// page loads find it caught up. The database is kept; the script starts the app on it and drops it afterwards.
/// Prints <c>KEY=value</c> lines for the script.
/// </summary>
public static class InsightSeed
{
    public static async Task<int> RunAsync(AdminBenchOptions options)
    {
        var database = await BenchDatabase.CreateAsync(options);
        database.Keep = true;
        using var host = AppServices.Build(database);
        var services = host.Services;
        var dbFactory = services.GetRequiredService<IDbContextFactory<ContestletDbContext>>();
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();

        await DatabaseStartup.MigrateAsync(services, CancellationToken.None);
        var big = await BenchContest.CreateAsync(dbFactory, time);
        var others = await CreateOthersAsync(dbFactory, now, options.Contests - 1);
        var bigLoad = await EntryLoader.LoadAsync(database, dbFactory, big, options.Entries);
        var small = others.Select((c, i) => (Contest: c, Count: c.PublishedAt is null || c.Schedule.StartsAt > now ? 0 : i % 101)).ToList();
        var smallLoad = await EntryLoader.LoadManyAsync(database, dbFactory, small, until: now);

        var pass = Stopwatch.StartNew();
        int read;
        await using (var scope = services.CreateAsyncScope())
        {
            read = await scope.ServiceProvider.GetRequiredService<FraudReview>().ScanAllAsync(CancellationToken.None);
        }

        pass.Stop();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 600 };
            await analyze.ExecuteNonQueryAsync();
        }

        // The pages' data alone, through the app's services in this process (no HTTP, no rendering): where a slow page's time goes.
        await using (var scope = services.CreateAsyncScope())
        {
            var hub = scope.ServiceProvider.GetRequiredService<ContestInsights>();
            var dashboard = scope.ServiceProvider.GetRequiredService<DashboardInsights>();
            var summary = scope.ServiceProvider.GetRequiredService<AdminDashboard>();
            await TimeAsync("data: ContestInsights.HubAsync", options, () => hub.HubAsync(big.Id, CancellationToken.None));
            await TimeAsync("data: DashboardInsights.LoadAsync", options, () => dashboard.LoadAsync("America/New_York", CancellationToken.None));
            await TimeAsync("data: AdminDashboard.SummarizeAsync", options, () => summary.SummarizeAsync("America/New_York", CancellationToken.None));
        }

        Console.Error.WriteLine($"seeded {options.Contests:N0} contests: {options.Entries:N0} entries in one ({bigLoad.TotalSeconds:0} s), "
                                + $"{small.Sum(s => s.Count):N0} in the others ({smallLoad.TotalSeconds:0.0} s); entries pass read {read:N0} in {pass.Elapsed.TotalSeconds:0} s");
        Console.WriteLine($"CONTEST_ID={big.Id}");
        Console.WriteLine($"DATABASE_URL={AppUrl(database)}");
        return 0;
    }

    private static async Task TimeAsync<T>(string what, AdminBenchOptions options, Func<Task<T>> load)
    {
        var times = new List<double>();
        for (var i = 0; i < options.WarmUps + options.Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await load();
            if (i >= options.WarmUps)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        Console.Error.WriteLine($"{what,-40} p50 {times[times.Count / 2],7:0.0} ms  p95 {times[Math.Max(0, (int)Math.Ceiling(0.95 * times.Count) - 1)],7:0.0} ms ({times.Count} runs)");
    }

    /// <summary>Ended in the last 60 days, running now, upcoming, and a few drafts, in turn.</summary>
    private static async Task<List<Contest>> CreateOthersAsync(IDbContextFactory<ContestletDbContext> dbFactory, DateTimeOffset now, int count)
    {
        var contests = new List<Contest>();
        for (var i = 0; i < count; i++)
        {
            var (start, end) = (i % 4) switch
            {
                0 => (now.AddDays(-60 + (i % 55)), now.AddDays(-60 + (i % 55) + 3)),
                1 => (now.AddDays(-1 - (i % 10)), now.AddDays(1 + (i % 20))),
                _ => (now.AddDays(1 + (i % 30)), now.AddDays(8 + (i % 30))),
            };
            var contest = Contest.Create(new ContestDetails
            {
                Name = $"Bench contest {i + 2:0000}",
                Description = "One of many contests an operator runs.",
                SponsorName = "KZTR 101.5 FM",
                Prize = new Prize { Description = "Two tickets", ValueUsd = 80m, WinnerCount = 1, AlternateCount = 2 },
                Eligibility = new Eligibility { Scope = RegionScope.AllUs },
                Rules = new OfficialRules { SponsorLegalName = "KZTR Broadcasting LLC" },
            }, new ContestSchedule(start, end, "America/Chicago"), start.AddDays(-3));
            if (i % 4 != 3)
            {
                contest.Publish(start.AddDays(-2), BenchSeeds.Vault);
            }

            contests.Add(contest);
        }

        foreach (var batch in contests.Chunk(200))
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.Contests.AddRange(batch);
            await db.SaveChangesAsync();
        }

        return contests;
    }

    private static string AppUrl(BenchDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return "sqlite:///" + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        }

        var pg = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        return $"postgresql://{Uri.EscapeDataString(pg.Username!)}:{Uri.EscapeDataString(pg.Password ?? "")}@{pg.Host}:{pg.Port}/{pg.Database}";
    }
}
