using System.Globalization;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Fraud;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin.Contests;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Admin.Fraud;

/// <summary>
/// Computes fraud signals (docs/product.md §4 Fraud review) outside the entry flow: a pass reads each contest's entries past the
/// contest's mark in id order, a batch at a time, and looks around them through indexes (the network's entries in the
/// window, the browser's entries, the neighbouring numbers, the number's disqualified entries anywhere). Signals are
/// stored with their words; nothing is ever disqualified here. The same pass adds each batch to the contest hub's rollup.
/// </summary>
public sealed class FraudReview(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, IOptions<FraudOptions> options,
    ILogger<FraudReview> logger)
{
    /// <summary>IN lists stay well under SQLite's and PostgreSQL's parameter limits.</summary>
    private const int Chunk = 500;

    /// <summary>One pass over every contest with entries not looked at yet (drawn ones too: a flagged winner is marked). Returns how many entries were read.</summary>
    public async Task<int> ScanAllAsync(CancellationToken cancellationToken)
    {
        List<int> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            pending = await db.Contests.AsNoTracking()
                .Select(c => new { c.Id, Mark = db.FraudScanMarks.Where(m => m.ContestId == c.Id).Select(m => m.ScannedThroughEntryId).FirstOrDefault() })
                .Where(c => db.Entries.Any(e => e.ContestId == c.Id && e.Id > c.Mark))
                .Select(c => c.Id)
                .ToListAsync(cancellationToken);
        }

        var read = 0;
        foreach (var contestId in pending)
        {
            read += await ScanAsync(contestId, cancellationToken);
        }

        return read;
    }

    /// <summary>Brings one contest's signals up to date (cheap when the background pass is current). Returns entries read.</summary>
    public async Task<int> ScanAsync(int contestId, CancellationToken cancellationToken)
    {
        var read = 0;
        while (true)
        {
            try
            {
                var batch = await ScanBatchAsync(contestId, cancellationToken);
                read += batch;
                if (batch < options.Value.BatchSize)
                {
                    return read;
                }
            }
            catch (DbUpdateException ex)
            {
                // Another instance scanned the same entries at the same moment; its signals stand and the next pass resumes.
                logger.LogInformation(ex, "Fraud pass for contest {ContestId} met a concurrent pass; leaving it to the next one", contestId);
                return read;
            }
        }
    }

    private async Task<int> ScanBatchAsync(int contestId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = await db.FraudScanMarks.AsNoTracking().Where(m => m.ContestId == contestId).Select(m => (long?)m.ScannedThroughEntryId)
            .SingleOrDefaultAsync(cancellationToken) ?? 0;
        var batch = await db.Entries.AsNoTracking()
            .Where(e => e.ContestId == contestId && e.Id > from)
            .OrderBy(e => e.Id)
            .Take(settings.BatchSize)
            .Select(e => new Scanned(e.Id, e.PhoneE164, e.EnteredAt, e.NetworkPrefix, e.BrowserId, e.Source, e.State))
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        var found = new Dictionary<(long, FraudSignal), string>();
        foreach (var entry in batch)
        {
            if (FraudRules.NonMobileLineType(entry.Phone) is { } lineType)
            {
                found[(entry.Id, FraudSignal.NotMobile)] = $"The number is {lineType}, not a mobile line.";
            }
        }

        await FindNetworkPatternsAsync(db, contestId, batch, settings, found, cancellationToken);
        await FindSharedBrowsersAsync(db, contestId, batch, settings, found, cancellationToken);
        await FindSequentialNumbersAsync(db, contestId, batch, settings, found, cancellationToken);
        await FindDisqualifiedBeforeAsync(db, batch, found, cancellationToken);

        var firsts = await FirstEntriesAsync(db, contestId, batch, cancellationToken);
        var ids = found.Keys.Select(k => k.Item1).Distinct().ToList();
        // The writes in one transaction through the execution strategy (a fresh context per attempt); the reads above stay
        // outside it, so SQLite's write lock is held only while writing.
        await dbFactory.InTransactionAsync(async write =>
        {
            var current = await write.FraudScanMarks.SingleOrDefaultAsync(m => m.ContestId == contestId, cancellationToken);
            if ((current?.ScannedThroughEntryId ?? 0) != from)
            {
                throw new DbUpdateConcurrencyException($"Another fraud pass advanced contest {contestId}'s mark first.");
            }

            await RollUpAsync(write, contestId, batch, firsts, cancellationToken);
            var existing = new Dictionary<(long, FraudSignal), EntrySignal>();
            foreach (var chunk in ids.Chunk(Chunk))
            {
                foreach (var signal in await write.EntrySignals.Where(s => chunk.Contains(s.EntryId)).ToListAsync(cancellationToken))
                {
                    existing[(signal.EntryId, signal.Signal)] = signal;
                }
            }

            foreach (var ((entryId, signal), detail) in found)
            {
                if (existing.TryGetValue((entryId, signal), out var stored))
                {
                    stored.Describe(detail);
                }
                else
                {
                    write.EntrySignals.Add(new EntrySignal(entryId, contestId, signal, detail, now));
                }
            }

            if (current is null)
            {
                current = new FraudScanMark(contestId);
                write.FraudScanMarks.Add(current);
            }

            current.Advance(batch[^1].Id, now);
            await write.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        if (found.Count > 0)
        {
            logger.LogInformation("Fraud pass for contest {ContestId}: {Signals} signal(s) on {Entries} entr(ies) after reading {Read}",
                contestId, found.Count, ids.Count, batch.Count);
        }

        return batch.Count;
    }

    /// <summary>Dense windows of one network's entries (many in minutes; several in seconds), looked up around the batch's times.</summary>
    private static async Task FindNetworkPatternsAsync(ContestletDbContext db, int contestId, List<Scanned> batch, FraudOptions settings,
        Dictionary<(long, FraudSignal), string> found, CancellationToken cancellationToken)
    {
        var reach = settings.NetworkWindow > settings.BurstWindow ? settings.NetworkWindow : settings.BurstWindow;
        foreach (var network in batch.Where(e => e.Network is not null).GroupBy(e => e.Network!))
        {
            var earliest = network.Min(e => e.At) - reach;
            var latest = network.Max(e => e.At) + reach;
            var prefix = network.Key;
            var around = (await db.Entries.AsNoTracking()
                    .Where(e => e.ContestId == contestId && e.NetworkPrefix == prefix && e.EnteredAt >= earliest && e.EnteredAt <= latest)
                    .Select(e => new { e.Id, e.EnteredAt })
                    .ToListAsync(cancellationToken))
                .OrderBy(e => e.EnteredAt).ThenBy(e => e.Id)
                .Select(e => (e.Id, e.EnteredAt))
                .ToList();
            foreach (var (id, count) in FraudRules.DenseWindows(around, settings.NetworkEntries, settings.NetworkWindow))
            {
                found[(id, FraudSignal.SharedNetwork)] =
                    $"{count} entries came from the network {prefix} within {Minutes(settings.NetworkWindow)}.";
            }

            foreach (var (id, count) in FraudRules.DenseWindows(around, settings.BurstEntries, settings.BurstWindow))
            {
                found[(id, FraudSignal.MachineSpeed)] =
                    $"{count} entries from the network {prefix} within {settings.BurstWindowSeconds} seconds: faster than a person proves a phone.";
            }
        }
    }

    private static async Task FindSharedBrowsersAsync(ContestletDbContext db, int contestId, List<Scanned> batch, FraudOptions settings,
        Dictionary<(long, FraudSignal), string> found, CancellationToken cancellationToken)
    {
        foreach (var browser in batch.Where(e => e.Browser is not null).Select(e => e.Browser!).Distinct())
        {
            var entries = await db.Entries.AsNoTracking()
                .Where(e => e.ContestId == contestId && e.BrowserId == browser)
                .Select(e => new { e.Id, e.PhoneE164 })
                .Take(1_000)
                .ToListAsync(cancellationToken);
            var numbers = entries.Select(e => e.PhoneE164).Distinct().Count();
            if (numbers < settings.BrowserNumbers)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                found[(entry.Id, FraudSignal.SharedBrowser)] = $"One browser entered this contest with {numbers} different numbers.";
            }
        }
    }

    private static async Task FindSequentialNumbersAsync(ContestletDbContext db, int contestId, List<Scanned> batch, FraudOptions settings,
        Dictionary<(long, FraudSignal), string> found, CancellationToken cancellationToken)
    {
        var distance = settings.SequentialRun - 1;
        var candidates = batch.SelectMany(e => FraudRules.Neighbours(e.Phone, distance)).Distinct().ToList();
        var known = batch.Select(e => (e.Id, e.Phone)).ToList();
        foreach (var chunk in candidates.Chunk(Chunk))
        {
            known.AddRange((await db.Entries.AsNoTracking()
                    .Where(e => e.ContestId == contestId && chunk.Contains(e.PhoneE164))
                    .Select(e => new { e.Id, e.PhoneE164 })
                    .ToListAsync(cancellationToken))
                .Select(e => (e.Id, e.PhoneE164)));
        }

        foreach (var (id, length) in FraudRules.SequentialRuns(known.DistinctBy(e => e.Id), settings.SequentialRun))
        {
            found[(id, FraudSignal.SequentialNumbers)] = $"The number is part of a run of {length} consecutive numbers that entered this contest.";
        }
    }

    private static async Task FindDisqualifiedBeforeAsync(ContestletDbContext db, List<Scanned> batch, Dictionary<(long, FraudSignal), string> found,
        CancellationToken cancellationToken)
    {
        var disqualified = new List<(long Id, string Phone, string Contest)>();
        foreach (var chunk in batch.Select(e => e.Phone).Distinct().Chunk(Chunk))
        {
            disqualified.AddRange((await db.Entries.AsNoTracking()
                    .Where(e => chunk.Contains(e.PhoneE164) && e.DisqualifiedAt != null)
                    .Join(db.Contests.AsNoTracking(), e => e.ContestId, c => c.Id, (e, c) => new { e.Id, e.PhoneE164, c.Name })
                    .ToListAsync(cancellationToken))
                .Select(e => (e.Id, e.PhoneE164, e.Name)));
        }

        foreach (var entry in batch)
        {
            var earlier = disqualified.Where(d => d.Phone == entry.Phone && d.Id != entry.Id).ToList();
            if (earlier.Count > 0)
            {
                found[(entry.Id, FraudSignal.DisqualifiedBefore)] = earlier.Count == 1
                    ? $"This number was disqualified before, in “{earlier[0].Contest}”."
                    : $"This number was disqualified {earlier.Count} times before, last in “{earlier[^1].Contest}”.";
            }
        }
    }

    /// <summary>Each batch number's first entry id in the contest (by the unique index on contest and phone).</summary>
    private static async Task<Dictionary<string, long>> FirstEntriesAsync(ContestletDbContext db, int contestId, List<Scanned> batch,
        CancellationToken cancellationToken)
    {
        var firsts = new Dictionary<string, long>();
        foreach (var chunk in batch.Select(e => e.Phone).Distinct().Chunk(Chunk))
        {
            foreach (var first in await db.Entries.AsNoTracking().Where(e => e.ContestId == contestId && chunk.Contains(e.PhoneE164))
                         .GroupBy(e => e.PhoneE164).Select(g => new { Phone = g.Key, Id = g.Min(e => e.Id) }).ToListAsync(cancellationToken))
            {
                firsts[first.Phone] = first.Id;
            }
        }

        return firsts;
    }

    /// <summary>
    /// Adds the batch to the hub's rollup in the pass's transaction. The mark is a concurrency token, so two instances
    /// reading the same batch cannot both count it: the second one's save fails and rolls back.
    /// </summary>
    private static async Task RollUpAsync(ContestletDbContext db, int contestId, List<Scanned> batch, Dictionary<string, long> firsts,
        CancellationToken cancellationToken)
    {
        var groups = batch.GroupBy(e => (Slot: EntryRollup.SlotOf(e.At), e.Source, State: e.State ?? "")).ToList();
        var earliest = groups.Min(g => g.Key.Slot);
        var latest = groups.Max(g => g.Key.Slot);
        var existing = await db.EntryRollups.Where(r => r.ContestId == contestId && r.SlotStart >= earliest && r.SlotStart <= latest)
            .ToListAsync(cancellationToken);
        foreach (var group in groups)
        {
            var row = existing.FirstOrDefault(r => r.SlotStart == group.Key.Slot && r.Source == group.Key.Source && r.State == group.Key.State);
            if (row is null)
            {
                row = new EntryRollup(contestId, group.Key.Slot, group.Key.Source, group.Key.State);
                db.EntryRollups.Add(row);
            }

            row.Add(group.Count(), group.Count(e => firsts.GetValueOrDefault(e.Phone) == e.Id));
        }
    }

    private static string Minutes(TimeSpan window) =>
        window.TotalMinutes == 1 ? "a minute" : $"{window.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} minutes";

    private sealed record Scanned(long Id, string Phone, DateTimeOffset At, string? Network, string? Browser, EntrySource Source, string? State);
}
