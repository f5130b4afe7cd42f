using System.Globalization;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Time;
using Contestlet.Domain.Winners;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Contests;

/// <summary>
/// The contest hub's numbers (docs/product.md §4): entries from the contest's counter, people, sources, states and the chart from
/// the entries pass's rollup plus the few entries it has not read yet, the SMS funnel grouped by status, the draw and claims.
/// No query reads the contest's entries one by one.
/// </summary>
public sealed class ContestInsights(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Contests up to three days long chart per hour; longer ones per day.</summary>
    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromDays(3);

    public async Task<ContestHub?> HubAsync(int contestId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, cancellationToken);
        if (contest is null)
        {
            return null;
        }

        var slots = await SlotsAsync(db, contestId, cancellationToken);
        var people = slots.Sum(s => s.People);
        var bySource = slots.GroupBy(s => s.Source).OrderBy(g => g.Key).Select(g => new Breakdown(EntrySources.Label(g.Key), g.Sum(s => s.Entries))).ToList();
        var byState = slots.Where(s => s.State.Length > 0).GroupBy(s => s.State).OrderByDescending(g => g.Sum(s => s.Entries)).ThenBy(g => g.Key)
            .Select(g => new Breakdown(g.Key, g.Sum(s => s.Entries))).ToList();
        var chart = Chart(contest, slots, now);

        var funnel = (await db.Notifications.AsNoTracking().Where(n => n.ContestId == contestId)
                .GroupBy(n => n.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(x => x.Status, x => x.Count);
        var awards = await db.PrizeAwards.AsNoTracking().Where(a => a.ContestId == contestId).ToListAsync(cancellationToken);
        var flagged = db.EntrySignals.Where(s => s.ContestId == contestId).Select(s => s.EntryId).Distinct();
        var flaggedInPool = contest.DrawnAt is null
            ? await db.Entries.CountAsync(e => flagged.Contains(e.Id) && e.DisqualifiedAt == null, cancellationToken)
            : 0;

        return new ContestHub(contest, contest.StatusAt(now), contest.EntryCount, people, bySource, byState, chart,
            new SmsFunnel(funnel.GetValueOrDefault(NotificationStatus.Queued) + funnel.GetValueOrDefault(NotificationStatus.Sending),
                funnel.GetValueOrDefault(NotificationStatus.Sent), funnel.GetValueOrDefault(NotificationStatus.Delivered),
                funnel.GetValueOrDefault(NotificationStatus.Failed), funnel.GetValueOrDefault(NotificationStatus.OptedOut) + funnel.GetValueOrDefault(NotificationStatus.Blocked)),
            new ClaimsSummary(awards.Count(a => a.HoldsSlot), awards.Count(a => a.Status == AwardStatus.Selected),
                awards.Count(a => a.Status == AwardStatus.Notified), awards.Count(a => a.Status == AwardStatus.Claimed),
                awards.Count(a => a.Status is AwardStatus.Forfeited or AwardStatus.Disqualified),
                awards.Where(a => a.Status == AwardStatus.Notified && a.ClaimDeadline is not null).Select(a => a.ClaimDeadline).Min()),
            flaggedInPool);
    }

    /// <summary>The rollup's rows, plus the entries past the pass's mark grouped the same way (a minute's worth, normally).</summary>
    private static async Task<List<SlotCount>> SlotsAsync(ContestletDbContext db, int contestId, CancellationToken cancellationToken)
    {
        var mark = await db.FraudScanMarks.AsNoTracking().Where(m => m.ContestId == contestId).Select(m => m.ScannedThroughEntryId)
            .FirstOrDefaultAsync(cancellationToken);
        var rolled = await db.EntryRollups.AsNoTracking().Where(r => r.ContestId == contestId)
            .Select(r => new SlotCount(r.SlotStart, r.Source, r.State, r.Entries, r.People)).ToListAsync(cancellationToken);
        var tail = await db.Entries.AsNoTracking().Where(e => e.ContestId == contestId && e.Id > mark)
            .Select(e => new { e.Id, e.PhoneE164, e.EnteredAt, e.Source, e.State }).ToListAsync(cancellationToken);
        if (tail.Count == 0)
        {
            return rolled;
        }

        // A tail entry is a new person when no earlier entry of the contest has the number (looked up by the unique index).
        var phones = tail.Select(e => e.PhoneE164).Distinct().ToList();
        var firsts = new Dictionary<string, long>();
        foreach (var chunk in phones.Chunk(500))
        {
            foreach (var first in await db.Entries.AsNoTracking().Where(e => e.ContestId == contestId && chunk.Contains(e.PhoneE164))
                         .GroupBy(e => e.PhoneE164).Select(g => new { Phone = g.Key, Id = g.Min(e => e.Id) }).ToListAsync(cancellationToken))
            {
                firsts[first.Phone] = first.Id;
            }
        }

        rolled.AddRange(tail.Select(e => new SlotCount(EntryRollup.SlotOf(e.EnteredAt), e.Source, e.State ?? "", 1, firsts[e.PhoneE164] == e.Id ? 1 : 0)));
        return rolled;
    }

    /// <summary>
    /// Entries per hour (or per day) in the contest's zone, from its start to its end or now. Hours are real hours labelled
    /// in local time, so the hour repeated when clocks fall back appears twice ("1 AM EDT", "1 AM EST") and the skipped one never.
    /// </summary>
    public static EntryChart Chart(Contest contest, IReadOnlyList<SlotCount> slots, DateTimeOffset now)
    {
        var zone = contest.Schedule.TimeZoneId;
        var hourly = contest.Schedule.EndsAt - contest.Schedule.StartsAt <= HourlyUpTo;
        var from = contest.Schedule.StartsAt;
        var to = now < contest.Schedule.EndsAt ? now : contest.Schedule.EndsAt;
        var buckets = new SortedDictionary<DateTimeOffset, int>();
        for (var slot = EntryRollup.SlotOf(from); slot < to; slot += EntryRollup.Slot)
        {
            buckets.TryAdd(BucketOf(slot, zone, hourly), 0);
        }

        foreach (var slot in slots)
        {
            var bucket = BucketOf(slot.SlotStart, zone, hourly);
            buckets[bucket] = buckets.GetValueOrDefault(bucket) + slot.Entries;
        }

        return new EntryChart(hourly ? "hour" : "day", buckets.Select(b => new ChartPoint(b.Key, Label(b.Key, zone, hourly), b.Value)).ToList());
    }

    /// <summary>The instant the local hour (or day) holding <paramref name="slot"/> began.</summary>
    private static DateTimeOffset BucketOf(DateTimeOffset slot, string zone, bool hourly)
    {
        var local = TimeZones.InZone(slot, zone);
        if (hourly)
        {
            return slot.AddMinutes(-local.Minute).AddSeconds(-local.Second);
        }

        return local.Date.AtStartOfDayInZone(TimeZones.Get(zone)).ToDateTimeOffset().ToUniversalTime();
    }

    private static string Label(DateTimeOffset bucket, string zone, bool hourly)
    {
        var local = TimeZones.InZone(bucket, zone);
        var text = local.ToDateTimeUnspecified().ToString(hourly ? "MMM d, h tt" : "ddd, MMM d", CultureInfo.InvariantCulture);
        return hourly ? $"{text} {TimeZones.Abbreviation(local)}" : text;
    }
}

public sealed record SlotCount(DateTimeOffset SlotStart, EntrySource Source, string State, int Entries, int People);

public sealed record Breakdown(string Label, int Count);

public sealed record ChartPoint(DateTimeOffset Start, string Label, int Entries);

public sealed record EntryChart(string Unit, IReadOnlyList<ChartPoint> Points)
{
    public int Max => Points.Count == 0 ? 0 : Points.Max(p => p.Entries);
}

public sealed record SmsFunnel(int Queued, int Sent, int Delivered, int Failed, int Skipped);

public sealed record ClaimsSummary(int Winners, int Selected, int Notified, int Claimed, int Replaced, DateTimeOffset? NextClaimDeadline);

public sealed record ContestHub(Contest Contest, ContestStatus Status, int Entries, int People, IReadOnlyList<Breakdown> BySource,
    IReadOnlyList<Breakdown> ByState, EntryChart Chart, SmsFunnel Sms, ClaimsSummary Claims, int FlaggedInPool)
{
    /// <summary>The one thing the admin most likely wants to do next, or null when nothing is pending.</summary>
    public NextAction? Next => Status switch
    {
        ContestStatus.Draft => new NextAction("Publish", $"/admin/contests/{Contest.Id}/edit"),
        ContestStatus.Ended when FlaggedInPool > 0 => new NextAction($"Review {FlaggedInPool} flagged entries", $"/admin/contests/{Contest.Id}/entries?flagged=true"),
        ContestStatus.Ended => new NextAction("Draw winners now", $"/admin/contests/{Contest.Id}/draw"),
        ContestStatus.Complete when Claims.Selected > 0 => new NextAction("Notify winners", $"/admin/contests/{Contest.Id}/draw"),
        ContestStatus.Active or ContestStatus.Upcoming when FlaggedInPool > 0 =>
            new NextAction($"Review {FlaggedInPool} flagged entries", $"/admin/contests/{Contest.Id}/entries?flagged=true"),
        _ => null,
    };
}

public sealed record NextAction(string Text, string Href);
