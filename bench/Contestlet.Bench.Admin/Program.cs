using System.Diagnostics;
using Contestlet.Bench.Admin;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Measures the admin's heavy operations on one ended contest of N entries, through the app's own services:
// the entries grid (AdminEntries.PageAsync), the CSV export (AdminEntries.WriteCsvAsync) and the draw (DrawService).
// With --mode entry-floor it measures instead the app's entry operation (one hot contest, ten contests) against a raw
// ADO.NET replay of the same statements (EntryFloor). With --mode insight-seed it builds and keeps the database of
// run-insight-bench.sh (InsightSeed): --contests contests, one of them with --entries entries.
// Usage: dotnet Contestlet.Bench.Admin.dll --provider sqlite|postgres --entries N
//          [--runs 20] [--warmups 3] [--pg-server CONNSTRING] [--sqlite-dir DIR] [--keep true] [--mode entry-floor --concurrency 32 --preload N]
var options = AdminBenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: --provider sqlite|postgres --entries N [--runs 20] [--warmups 3] [--pg-server CONNSTRING] [--sqlite-dir DIR]"
                            + " [--mode admin|entry-floor|insight-seed] [--concurrency 32] [--contests 1000] [--preload 0]");
    return 2;
}

if (options.Mode == "entry-floor")
{
    return await EntryFloor.RunAsync(options);
}

if (options.Mode == "insight-seed")
{
    return await InsightSeed.RunAsync(options);
}

await using var database = await BenchDatabase.CreateAsync(options);
database.Keep = options.Keep;
using var host = AppServices.Build(database);
var services = host.Services;
var dbFactory = services.GetRequiredService<IDbContextFactory<ContestletDbContext>>();

var setup = Stopwatch.StartNew();
await DatabaseStartup.MigrateAsync(services, CancellationToken.None);
var contest = await BenchContest.CreateAsync(dbFactory, services.GetRequiredService<TimeProvider>());
var load = await EntryLoader.LoadAsync(database, dbFactory, contest, options.Entries);

// A small contest exported and drawn first, so the measured export and draw do not pay for JIT and EF query compilation.
var warmUp = await BenchContest.CreateAsync(dbFactory, services.GetRequiredService<TimeProvider>());
await EntryLoader.LoadAsync(database, dbFactory, warmUp, 100);
await Measurements.CsvAsync(services, warmUp.Id);
await Measurements.DrawAsync(services, warmUp.Id);
setup.Stop();

var grid = new List<GridResult>();
foreach (var gridCase in Measurements.GridCases(options.Entries, EntryLoader.PhoneAt(options.Entries / 3)[^4..]))
{
    grid.Add(await Measurements.GridAsync(services, contest.Id, gridCase, options.WarmUps, options.Runs));
}

var csv = await Measurements.CsvAsync(services, contest.Id);
var draw = await Measurements.DrawAsync(services, contest.Id);

AdminReport.Print(options, load, setup.Elapsed, grid, csv, draw);
if (options.Keep)
{
    Console.WriteLine($"  kept the database: {database.ConnectionString}");
}

return csv.Rows == options.Entries ? 0 : 1;
