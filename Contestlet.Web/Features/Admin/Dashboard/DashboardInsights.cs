using System.Globalization;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Time;
using Contestlet.Domain.Winners;
using Contestlet.Web.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Contestlet.Web.Features.Admin.Dashboard;

/// <summary>
/// The dashboard's trends and attention list (docs/product.md §4 Dashboard). Entries per day come from the entries pass's
/// rollup (ADR 019: 15-minute UTC slots, so local days are exact across DST) plus the entries the pass has not read yet,
/// found per contest through <c>entries(ContestId, Id)</c> past the contest's mark; running contests show their entry
/// counter. Texts are counted per day through <c>notifications(Status, UpdatedAt)</c>. No query reads entries one by one.
/// </summary>
public sealed class DashboardInsights(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time)
{
    public const int TrendDays = 14;

    /// <summary>Running contests listed by name; the rest are one click away in the contests grid.</summary>
    public const int RunningShown = 10;

    /// <summary>A queued text due longer ago than this is a backlog (the worker polls every few seconds).</summary>
    public static readonly TimeSpan BacklogAfter = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan ClaimsExpiringWithin = TimeSpan.FromHours(24);

    /// <param name="timeZoneId">The admin's zone: days start at their local midnight.</param>
    public async Task<DashboardInsight> LoadAsync(string timeZoneId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var zone = TimeZones.Get(timeZoneId);
        var today = TimeZones.InZone(now, timeZoneId).Date;
        var days = Enumerable.Range(0, TrendDays).Select(i => today.PlusDays(i - TrendDays + 1)).ToList();
        var starts = days.Select(d => StartOf(d, zone)).Append(StartOf(today.PlusDays(1), zone)).ToList();
        var from = starts[0];

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var live = db.Contests.Where(c => c.DeletedAt == null);

        // Entries per local day: the rollup's slots summed over contests, then the unread tail of each contest with entries.
        var slots = await db.EntryRollups.AsNoTracking().Where(r => r.SlotStart >= from)
            .Join(live, r => r.ContestId, c => c.Id, (r, c) => r)
            .GroupBy(r => r.SlotStart).Select(g => new { Slot = g.Key, Entries = g.Sum(r => r.Entries) })
            .ToListAsync(cancellationToken);
        // The tail in two steps. One join of contests, marks and entries let PostgreSQL hash-join the whole entries table on
        // every load (0.5 s at a million entries, bench/README.md "Hub and dashboard at scale"); instead each contest's last
        // entry id is one probe of entries(ContestId, Id), and only contests whose last entry is past their mark (those entered
        // since the pass last ran, normally a few) have their tail read, each by a range of the same index.
        var lagging = (await live.Where(c => c.EntryCount > 0)
                .Select(c => new
                {
                    c.Id,
                    Mark = db.FraudScanMarks.Where(m => m.ContestId == c.Id).Select(m => (long?)m.ScannedThroughEntryId).FirstOrDefault() ?? 0,
                    Last = db.Entries.Where(e => e.ContestId == c.Id).Max(e => (long?)e.Id) ?? 0,
                })
                .ToListAsync(cancellationToken))
            .Where(c => c.Last > c.Mark)
            .ToList();
        var tail = new List<DateTimeOffset>();
        foreach (var contest in lagging)
        {
            tail.AddRange(await db.Entries.AsNoTracking().Where(e => e.ContestId == contest.Id && e.Id > contest.Mark).Select(e => e.EnteredAt)
                .ToListAsync(cancellationToken));
        }
        var perDay = new int[TrendDays];
        foreach (var (at, count) in slots.Select(s => (s.Slot, s.Entries)).Concat(tail.Where(t => t >= from).Select(t => (t, 1))))
        {
            var index = DayIndex(at, starts);
            if (index >= 0)
            {
                perDay[index] += count;
            }
        }

        // Texts per local day by final status: one indexed count per day.
        var delivered = new int[TrendDays];
        var sent = new int[TrendDays];
        var failed = new int[TrendDays];
        for (var i = 0; i < TrendDays; i++)
        {
            var (dayStart, dayEnd) = (starts[i], starts[i + 1]);
            var counts = await db.Notifications.AsNoTracking()
                .Where(n => (n.Status == NotificationStatus.Delivered || n.Status == NotificationStatus.Sent || n.Status == NotificationStatus.Failed)
                            && n.UpdatedAt >= dayStart && n.UpdatedAt < dayEnd)
                .GroupBy(n => n.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            delivered[i] = counts.Where(c => c.Status == NotificationStatus.Delivered).Sum(c => c.Count);
            sent[i] = counts.Where(c => c.Status == NotificationStatus.Sent).Sum(c => c.Count);
            failed[i] = counts.Where(c => c.Status == NotificationStatus.Failed).Sum(c => c.Count);
        }

        var trend = days.Select((d, i) => new DayTrend(d, d.ToString("ddd, MMM d", CultureInfo.InvariantCulture), perDay[i], delivered[i], sent[i], failed[i]))
            .ToList();

        // Running now, with their live entry counters.
        var runningQuery = live.Where(Contest.HasStatus(ContestStatus.Active, now));
        var runningCount = await runningQuery.CountAsync(cancellationToken);
        var running = (await runningQuery.AsNoTracking().OrderBy(c => c.Schedule.EndsAt).ThenBy(c => c.Id).Take(RunningShown).ToListAsync(cancellationToken))
            .Select(c => new RunningContest(c.Id, c.Name, c.EntryCount, c.Schedule.EndsAt, c.Schedule.TimeZoneId)).ToList();

        return new DashboardInsight(timeZoneId, trend, running, runningCount, await AttentionAsync(db, live, now, timeZoneId, cancellationToken));
    }

    private static async Task<IReadOnlyList<AttentionItem>> AttentionAsync(ContestletDbContext db, IQueryable<Contest> live, DateTimeOffset now,
        string timeZoneId, CancellationToken cancellationToken)
    {
        var items = new List<AttentionItem>();
        var failed = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Failed, cancellationToken);
        if (failed > 0)
        {
            items.Add(new AttentionItem(AttentionKind.FailedTexts, Plural(failed, "failed text", "failed texts") + " to retry",
                "/admin/notifications?status=Failed", "Open the failed texts"));
        }

        var overdue = now - BacklogAfter;
        var backlog = await db.Notifications.CountAsync(n => n.Status == NotificationStatus.Queued && n.NextAttemptAt <= overdue, cancellationToken);
        if (backlog > 0)
        {
            items.Add(new AttentionItem(AttentionKind.OutboxBacklog,
                $"{Plural(backlog, "text", "texts")} waiting in the outbox for more than {BacklogAfter.TotalMinutes:0} minutes",
                "/admin/notifications?status=Queued", "Open the queue"));
        }

        var until = now + ClaimsExpiringWithin;
        var expiring = await db.PrizeAwards.AsNoTracking()
            .Where(a => a.Status == AwardStatus.Notified && a.ClaimDeadline > now && a.ClaimDeadline <= until)
            .Join(live, a => a.ContestId, c => c.Id, (a, c) => new { c.Id, c.Name, a.ClaimDeadline })
            .ToListAsync(cancellationToken);
        foreach (var contest in expiring.GroupBy(a => (a.Id, a.Name)).OrderBy(g => g.Min(a => a.ClaimDeadline)))
        {
            var first = contest.Min(a => a.ClaimDeadline)!.Value;
            items.Add(new AttentionItem(AttentionKind.ClaimsExpiring,
                $"{contest.Key.Name}: {Plural(contest.Count(), "unclaimed prize expires", "unclaimed prizes expire")} from {TimeZones.Format(first, timeZoneId)}",
                $"/admin/contests/{contest.Key.Id}/draw", "Open the draw"));
        }

        var undrawn = await live.Where(Contest.HasStatus(ContestStatus.Ended, now)).AsNoTracking()
            .OrderBy(c => c.Schedule.EndsAt).Select(c => new { c.Id, c.Name, c.Schedule.EndsAt }).ToListAsync(cancellationToken);
        foreach (var contest in undrawn)
        {
            items.Add(new AttentionItem(AttentionKind.NotDrawn, $"{contest.Name} ended {TimeZones.Format(contest.EndsAt, timeZoneId)} and is not drawn yet",
                $"/admin/contests/{contest.Id}/draw", "Draw winners"));
        }

        var undecided = live.Where(c => c.DrawnAt == null && c.CancelledAt == null);
        var flagged = await db.EntrySignals.AsNoTracking()
            .Join(db.Entries.Where(e => e.DisqualifiedAt == null), s => s.EntryId, e => e.Id, (s, e) => s)
            .Join(undecided, s => s.ContestId, c => c.Id, (s, c) => new { s.EntryId, c.Id, c.Name })
            .GroupBy(x => new { x.Id, x.Name }).Select(g => new { g.Key.Id, g.Key.Name, Count = g.Select(x => x.EntryId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        foreach (var contest in flagged.OrderByDescending(f => f.Count).ThenBy(f => f.Id))
        {
            items.Add(new AttentionItem(AttentionKind.FlaggedEntries, $"{contest.Name}: {Plural(contest.Count, "flagged entry", "flagged entries")} to review",
                $"/admin/contests/{contest.Id}/entries?flagged=true", "Review them"));
        }

        return items;
    }

    private static DateTimeOffset StartOf(LocalDate day, DateTimeZone zone) => day.AtStartOfDayInZone(zone).ToDateTimeOffset().ToUniversalTime();

    private static int DayIndex(DateTimeOffset at, List<DateTimeOffset> starts)
    {
        for (var i = 0; i < starts.Count - 1; i++)
        {
            if (at >= starts[i] && at < starts[i + 1])
            {
                return i;
            }
        }

        return -1;
    }

    private static string Plural(int count, string one, string many) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? one : many)}";
}

public enum AttentionKind
{
    FailedTexts,
    OutboxBacklog,
    ClaimsExpiring,
    NotDrawn,
    FlaggedEntries,
}

public sealed record AttentionItem(AttentionKind Kind, string Text, string Href, string Action);

public sealed record DayTrend(LocalDate Day, string Label, int Entries, int SmsDelivered, int SmsSent, int SmsFailed);

public sealed record RunningContest(int Id, string Name, int Entries, DateTimeOffset EndsAt, string TimeZoneId);

public sealed record DashboardInsight(string TimeZoneId, IReadOnlyList<DayTrend> Days, IReadOnlyList<RunningContest> Running, int RunningCount,
    IReadOnlyList<AttentionItem> Attention)
{
    public bool HasActivity => Days.Any(d => d.Entries + d.SmsDelivered + d.SmsSent + d.SmsFailed > 0);
}
