using System.Globalization;
using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;
using Contestlet.Web.Data;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Admin.Entries;

/// <summary>
/// The admin's view of a contest's entries: a server-paged grid searched by the (contest, last four digits) index,
/// disqualification before the draw, and a CSV export that streams any number of rows in constant memory.
/// </summary>
public sealed class AdminEntries(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, AdminChanges changes, ILogger<AdminEntries> logger)
{
    public const int MaxPageSize = 100;

    public async Task<ContestSummary?> ContestAsync(int contestId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, cancellationToken);
        return contest is null ? null : new ContestSummary(contest, contest.StatusAt(time.GetUtcNow()));
    }

    public async Task<EntryPage> PageAsync(int contestId, EntryQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking().Where(c => c.Id == contestId)
            .Select(c => new { c.Schedule.TimeZoneId, c.EntryCount }).SingleOrDefaultAsync(cancellationToken);
        if (contest is null)
        {
            return new EntryPage([], 0);
        }

        var zone = contest.TimeZoneId;

        var entries = db.Entries.AsNoTracking().Where(e => e.ContestId == contestId);
        var digits = new string((query.LastFour ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 4)
        {
            entries = entries.Where(e => e.PhoneLast4 == digits);
        }

        // Unfiltered, the total is the contest's entry counter (kept in the entry's own transaction, and entries are never
        // deleted one by one), so a page of a million-entry contest does not count a million rows (bench/README.md).
        if (query.FlaggedOnly)
        {
            // Driven by the contest's signals (index on contest and entry), never by a scan of the contest's entries.
            var flagged = db.EntrySignals.Where(s => s.ContestId == contestId).Select(s => s.EntryId);
            entries = entries.Where(e => flagged.Contains(e.Id));
        }

        var total = digits.Length == 4 || query.FlaggedOnly ? await entries.CountAsync(cancellationToken) : contest.EntryCount;
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var skip = Math.Max(0, query.Page) * size;

        // A page past the middle is read from the other end in the opposite order, so the deepest page costs what the
        // first does instead of an OFFSET walk over the whole contest (bench/README.md); its rows are then put back in order.
        var fromEnd = skip > total / 2 && skip < total;
        var newestFirst = query.NewestFirst != fromEnd;
        var ordered = newestFirst
            ? entries.OrderByDescending(e => e.EnteredAt).ThenByDescending(e => e.Id)
            : entries.OrderBy(e => e.EnteredAt).ThenBy(e => e.Id);
        var (offset, take) = fromEnd ? (Math.Max(0, total - skip - size), Math.Min(size, total - skip)) : (skip, size);
        var rows = await ordered.Skip(offset).Take(take)
            .Select(e => new { e.Id, e.Reference, e.PhoneE164, e.State, e.Source, e.EnteredAt, e.DisqualifiedAt, e.DisqualificationReason })
            .ToListAsync(cancellationToken);
        if (fromEnd)
        {
            rows.Reverse();
        }

        var ids = rows.Select(e => e.Id).ToList();
        var signals = (await db.EntrySignals.AsNoTracking().Where(s => ids.Contains(s.EntryId))
                .Select(s => new { s.EntryId, s.Signal, s.Detail }).ToListAsync(cancellationToken))
            .GroupBy(s => s.EntryId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.OrderBy(s => s.Signal).Select(s => s.Detail).ToList());
        return new EntryPage(rows.Select(e => new EntryRow(e.Id, e.Reference, PhoneNumber.Mask(e.PhoneE164), e.State,
            TimeZones.Format(e.EnteredAt, zone, withYear: true), e.DisqualifiedAt is not null, e.DisqualificationReason, EntrySources.Label(e.Source),
            signals.GetValueOrDefault(e.Id, []))).ToList(), total);
    }

    /// <summary>Flagged entries still in the draw's pool (not disqualified): what the draw page asks the admin to review.</summary>
    public async Task<int> FlaggedInPoolAsync(int contestId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var flagged = db.EntrySignals.Where(s => s.ContestId == contestId).Select(s => s.EntryId).Distinct();
        return await db.Entries.CountAsync(e => flagged.Contains(e.Id) && e.DisqualifiedAt == null, cancellationToken);
    }

    /// <summary>Which of <paramref name="entryIds"/> carry a fraud signal (the draw page marks flagged winners).</summary>
    public async Task<IReadOnlySet<long>> FlaggedAmongAsync(IReadOnlyCollection<long> entryIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await db.EntrySignals.AsNoTracking().Where(s => entryIds.Contains(s.EntryId)).Select(s => s.EntryId).Distinct()
            .ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>
    /// Takes several entries out of the draw with one reason (the flagged filter's bulk action), each with its audit row,
    /// in one transaction: all or none. Refused at or after the draw. Already disqualified entries are left as they are.
    /// Succeeds with how many were disqualified.
    /// </summary>
    public async Task<AdminResult<int>> DisqualifyManyAsync(int contestId, IReadOnlyCollection<long> entryIds, string reason, AdminActor admin,
        CancellationToken cancellationToken)
    {
        var result = await changes.RunAsync(admin, async change =>
        {
            if (entryIds.Count == 0)
            {
                throw new DomainRuleException("Select the entries to disqualify.");
            }

            if (entryIds.Count > MaxPageSize)
            {
                throw new DomainRuleException($"Disqualify at most {MaxPageSize} entries at a time.");
            }

            var contest = await LockUndrawnAsync(change, contestId);
            var entries = await change.Db.Entries.Where(e => e.ContestId == contestId && entryIds.Contains(e.Id)).ToListAsync(cancellationToken);
            if (entries.Count != entryIds.Distinct().Count())
            {
                throw new DomainRuleException("We couldn't find some of those entries.");
            }

            var count = 0;
            foreach (var entry in entries.Where(e => e.DisqualifiedAt is null).OrderBy(e => e.Id))
            {
                entry.Disqualify(contest, reason, change.Now);
                await change.AuditAsync(contest, AuditAction.EntryDisqualified,
                    $"{entry.Reference} ({PhoneNumber.Mask(entry.PhoneE164)}): {entry.DisqualificationReason}");
                count++;
            }

            return count;
        }, cancellationToken);
        if (result.Succeeded)
        {
            logger.LogInformation("Disqualified {Count} entries of contest {ContestId} in one action", result.Value, contestId);
        }

        return result;
    }

    /// <summary>Takes an entry out of the draw, with its audit row. Refused at or after the draw. Succeeds with the entry's reference.</summary>
    public Task<AdminResult<string>> DisqualifyAsync(int contestId, long entryId, string reason, AdminActor admin, CancellationToken cancellationToken) =>
        changes.RunAsync(admin, async change =>
        {
            var contest = await LockUndrawnAsync(change, contestId);
            var entry = await change.Db.Entries.SingleOrDefaultAsync(e => e.Id == entryId && e.ContestId == contestId, cancellationToken)
                        ?? throw new DomainRuleException("We couldn't find that entry.");
            entry.Disqualify(contest, reason, change.Now);
            await change.AuditAsync(contest, AuditAction.EntryDisqualified,
                $"{entry.Reference} ({PhoneNumber.Mask(entry.PhoneE164)}): {entry.DisqualificationReason}");
            return entry.Reference;
        }, cancellationToken);

    /// <summary>
    /// Touches the contest row first, only while it is undrawn: this takes its lock (the database's write lock on SQLite),
    /// which the draw also takes first (DrawService), so a draw running now either finished first (and the domain refuses the
    /// disqualification) or waits for it and leaves the entry out. Returns the contest as it is now.
    /// </summary>
    private static async Task<Contest> LockUndrawnAsync(AdminChange change, int contestId)
    {
        var undrawn = await change.Db.Contests.Where(c => c.Id == contestId && c.DrawnAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.UpdatedAt, change.Now), change.CancellationToken);
        var contest = await change.Db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, change.CancellationToken)
                      ?? throw new DomainRuleException("We couldn't find that contest.");
        if (undrawn == 0 && contest.DrawnAt is null)
        {
            throw new DomainRuleException("We couldn't find that contest.");
        }

        return contest;
    }

    /// <summary>
    /// Records that <paramref name="admin"/> is exporting the contest's entries, before the first row leaves: an export
    /// that breaks off has still handed out what it sent. Succeeds with the contest, or null when there is none to export.
    /// </summary>
    public Task<AdminResult<ContestSummary?>> RecordExportAsync(int contestId, bool fullPhones, AdminActor admin, CancellationToken cancellationToken) =>
        changes.RunAsync(admin, async change =>
        {
            var contest = await change.Db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, cancellationToken);
            if (contest is null)
            {
                return null;
            }

            await change.AuditAsync(contest, AuditAction.EntriesExported, fullPhones ? "CSV with full phone numbers" : "CSV with masked phone numbers");
            return new ContestSummary(contest, contest.StatusAt(change.Now));
        }, cancellationToken);

    /// <summary>
    /// Writes the contest's entries as CSV straight to <paramref name="output"/>, one row at a time from an untracked
    /// streaming query: memory stays flat whatever the size. Phones are masked unless <paramref name="fullPhones"/>.
    /// </summary>
    public async Task<long> WriteCsvAsync(int contestId, bool fullPhones, Stream output, CancellationToken cancellationToken)
    {
        // Without PostgreSQL's retrying strategy, which would make EF Core buffer the whole result to be able to replay it.
        await using var db = dbFactory.CreateStreamingDbContext();
        var zone = await db.Contests.AsNoTracking().Where(c => c.Id == contestId).Select(c => c.Schedule.TimeZoneId).SingleAsync(cancellationToken);
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), bufferSize: 64 * 1024);
        // A cell starting with = + - @ (or tab/CR) is a formula to a spreadsheet: "=HYPERLINK(…)" typed as a disqualification
        // reason would run when the admin opens the file. CsvHelper prefixes such cells with ' (phone numbers too, which
        // also keeps Excel from turning +1555… into a number).
        var configuration = new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape };
        await using var csv = new CsvWriter(writer, configuration);
        foreach (var header in (string[])["id", "reference", "phone", "state", "source", "entered_at_utc", "entered_at_local", "disqualified_at_utc", "disqualification_reason"])
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        long count = 0;
        var rows = db.Entries.AsNoTracking().Where(e => e.ContestId == contestId).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Reference, e.PhoneE164, e.State, e.Source, e.EnteredAt, e.DisqualifiedAt, e.DisqualificationReason })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            csv.WriteField(row.Id);
            csv.WriteField(row.Reference);
            csv.WriteField(fullPhones ? row.PhoneE164 : PhoneNumber.Mask(row.PhoneE164));
            csv.WriteField(row.State ?? "");
            csv.WriteField(EntrySources.Label(row.Source));
            csv.WriteField(row.EnteredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(TimeZones.ToLocal(row.EnteredAt, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            csv.WriteField(row.DisqualifiedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(row.DisqualificationReason ?? "");
            await csv.NextRecordAsync();
            count++;
        }

        await csv.FlushAsync();
        logger.LogInformation("Exported {Count} entries of contest {ContestId} as CSV (full phones: {FullPhones})", count, contestId, fullPhones);
        return count;
    }
}

public sealed record ContestSummary(Contest Contest, ContestStatus Status);

public sealed record EntryQuery(int Page, int PageSize, string? LastFour = null, bool NewestFirst = true, bool FlaggedOnly = false);

public sealed record EntryRow(long Id, string Reference, string MaskedPhone, string? State, string EnteredText, bool Disqualified, string? Reason,
    string Source, IReadOnlyList<string> Signals)
{
    public bool Flagged => Signals.Count > 0;
}

public sealed record EntryPage(IReadOnlyList<EntryRow> Rows, int Total);
