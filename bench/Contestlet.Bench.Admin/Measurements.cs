using System.Diagnostics;
using Contestlet.Domain.Draws;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Entries;
using Contestlet.Web.Features.Draws;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contestlet.Bench.Admin;

public sealed record GridCase(string Name, EntryQuery Query);

public sealed record GridResult(string Name, int Rows, int Total, double P50Ms, double P95Ms, double MaxMs);

public sealed record CsvResult(long Rows, long Bytes, TimeSpan Elapsed, long HeapBaseline, long HeapPeak, long WorkingSetBaseline, long WorkingSetPeak,
    long Allocated, int Samples);

/// <param name="LoadIds">Reading the eligible ids, as the draw does.</param>
/// <param name="Hash">Sorting, checking and hashing them into the entry-list hash.</param>
/// <param name="Pick">Drawing winners and alternates from the stream.</param>
public sealed record DrawResultTimes(TimeSpan Total, int Eligible, TimeSpan LoadIds, TimeSpan Hash, TimeSpan Pick);

/// <summary>The admin operations, each through the app's own service resolved from its container.</summary>
public static class Measurements
{
    /// <summary>The admin the bench draws as (the draw writes an audit row naming them).</summary>
    public const string BenchAdminPhone = "+15555550199";
    private static readonly AdminActor BenchAdmin = new(BenchAdminPhone, "bench");

    public const int PageSize = 25;

    /// <summary>The grid as the entries page asks for it (25 rows): pages of the oldest-first order, the default newest-first view, a search.</summary>
    public static IReadOnlyList<GridCase> GridCases(int entries, string lastFour)
    {
        var lastPage = Math.Max(0, (entries - 1) / PageSize);
        return
        [
            new("first page", new EntryQuery(0, PageSize, NewestFirst: false)),
            new("middle page", new EntryQuery(lastPage / 2, PageSize, NewestFirst: false)),
            new("last page", new EntryQuery(lastPage, PageSize, NewestFirst: false)),
            new("newest first", new EntryQuery(0, PageSize, NewestFirst: true)),
            new("last-four search", new EntryQuery(0, PageSize, lastFour)),
        ];
    }

    public static async Task<GridResult> GridAsync(IServiceProvider services, int contestId, GridCase grid, int warmUps, int runs)
    {
        EntryPage page = new([], 0);
        var samples = new List<double>(runs);
        for (var i = 0; i < warmUps + runs; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var entries = scope.ServiceProvider.GetRequiredService<AdminEntries>();
            var clock = Stopwatch.StartNew();
            page = await entries.PageAsync(contestId, grid.Query, CancellationToken.None);
            clock.Stop();
            if (i >= warmUps)
            {
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        samples.Sort();
        return new GridResult(grid.Name, page.Rows.Count, page.Total, Percentile(samples, 0.50), Percentile(samples, 0.95), samples[^1]);
    }

    /// <summary>The whole contest as CSV (masked phones, the default) into a counting sink, sampling memory every 10 ms.</summary>
    public static async Task<CsvResult> CsvAsync(IServiceProvider services, int contestId)
    {
        await using var scope = services.CreateAsyncScope();
        var entries = scope.ServiceProvider.GetRequiredService<AdminEntries>();
        var sink = new CountingStream();

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var sampler = new MemorySampler(TimeSpan.FromMilliseconds(10));
        var clock = Stopwatch.StartNew();
        long rows;
        try
        {
            rows = await entries.WriteCsvAsync(contestId, fullPhones: false, sink, CancellationToken.None);
            clock.Stop();
        }
        finally
        {
            sampler.Dispose();
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new CsvResult(rows, sink.BytesWritten, clock.Elapsed, sampler.BaselineHeap, sampler.PeakHeap, sampler.BaselineWorkingSet,
            sampler.PeakWorkingSet, allocated, sampler.Samples);
    }

    /// <summary>
    /// The contest's one draw through <see cref="DrawService"/>; then its pieces again, timed apart, on the domain algorithm
    /// with the same seed and ids (the second computation must agree with the stored draw).
    /// </summary>
    public static async Task<DrawResultTimes> DrawAsync(IServiceProvider services, int contestId)
    {
        DrawOutcome outcome;
        var total = Stopwatch.StartNew();
        await using (var scope = services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<DrawService>().DrawAsync(contestId, BenchAdmin, CancellationToken.None);
            outcome = result.Value ?? throw new InvalidOperationException($"The bench draw was refused: {result.Error}");
        }

        total.Stop();
        if (outcome.AlreadyDrawn)
        {
            throw new InvalidOperationException("The bench contest was already drawn: the database is not fresh.");
        }

        var factory = services.GetRequiredService<IDbContextFactory<ContestletDbContext>>();
        var clock = Stopwatch.StartNew();
        List<long> ids;
        var seed = Convert.FromHexString(outcome.Draw.Seed);
        await using (var db = await factory.CreateDbContextAsync())
        {
            clock.Restart();
            ids = await db.Entries.Where(e => e.ContestId == contestId && e.DisqualifiedAt == null).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();
        }

        var loadIds = clock.Elapsed;
        clock.Restart();
        var hash = DrawAlgorithm.EntryListHash(ids);
        var hashTime = clock.Elapsed;
        var canonical = DrawAlgorithm.Canonicalize(ids);
        clock.Restart();
        var picks = Math.Min(outcome.Draw.Winners.Count + outcome.Draw.Alternates.Count, canonical.Length);
        var drawn = DrawAlgorithm.SelectInOrder(canonical, picks, new DrawStream(seed, hash));
        var pick = clock.Elapsed;
        if (Convert.ToHexStringLower(hash) != outcome.Draw.EntryListHash || !drawn.Take(outcome.Draw.Winners.Count).SequenceEqual(outcome.Draw.Winners))
        {
            throw new InvalidOperationException("Recomputing the draw gave other winners than DrawService stored.");
        }

        return new DrawResultTimes(total.Elapsed, ids.Count, loadIds, hashTime, pick);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
