using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;
using Contestlet.Domain.Winners;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Draws;

/// <summary>
/// Runs a contest's one draw (docs/product.md §6) and serves what the public needs to verify it. The unique index on
/// draws.ContestId makes a second draw impossible; a caller that loses the race gets the draw that won it.
/// </summary>
public sealed class DrawService(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, IDrawSeedVault seeds, AdminChanges changes,
    ILogger<DrawService> logger)
{
    /// <summary>
    /// Draws winners and alternates from the contest's eligible (not disqualified) entries, stores the record and marks the
    /// contest complete, with its audit row, all in one transaction. When the contest was already drawn, returns that draw instead.
    /// Refused (with the domain's sentence) when the contest is unknown or cannot be drawn yet (see <see cref="Contest.Draw"/>).
    /// </summary>
    /// <param name="admin">Who draws: stored with the draw by name (else masked phone), and in the audit log.</param>
    public async Task<AdminResult<DrawOutcome>> DrawAsync(int contestId, AdminActor admin, CancellationToken cancellationToken)
    {
        AdminResult<DrawOutcome> result;
        try
        {
            result = await changes.RunAsync(admin, change => DrawOnceAsync(change, contestId), cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // A concurrent draw committed between our check and our insert: its record is the contest's draw.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var winner = await db.Draws.AsNoTracking().SingleAsync(d => d.ContestId == contestId, cancellationToken);
            logger.LogInformation("Contest {ContestId} was drawn by a concurrent request; returning draw {DrawId}", contestId, winner.Id);
            return AdminResult.Done(new DrawOutcome(winner, AlreadyDrawn: true));
        }

        if (result is { Succeeded: true, Value: { AlreadyDrawn: false, Draw: var record } })
        {
            logger.LogInformation("Contest {ContestId} drawn with {Algorithm}: {Winners} winner(s) and {Alternates} alternate(s) from {EntryCount} eligible entries",
                contestId, record.Algorithm, record.Winners.Count, record.Alternates.Count, record.EntryCount);
            ContestletMetrics.Drawn();
        }

        return result;
    }

    /// <summary>The admin draw page: the contest, its draw (if any) and every award, masked.</summary>
    public async Task<DrawPanel?> PanelAsync(int contestId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, cancellationToken);
        if (contest is null)
        {
            return null;
        }

        var draw = await db.Draws.AsNoTracking().SingleOrDefaultAsync(d => d.ContestId == contestId, cancellationToken);
        var awards = await db.PrizeAwards.AsNoTracking().Where(a => a.ContestId == contestId).OrderBy(a => a.Slot).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        var ids = (draw?.Winners ?? []).Concat(draw?.Alternates ?? []).ToList();
        var phones = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => PhoneNumber.Mask(e.PhoneE164), cancellationToken);
        return new DrawPanel(contest, draw, awards, phones, time.GetUtcNow());
    }

    /// <summary>
    /// The public entry list (<c>entries.txt</c>) of a drawn contest: the text stored with the draw, one row read, never
    /// recomputed. Null for unknown, unpublished or not yet drawn contests.
    /// </summary>
    public async Task<string?> FindEntryListAsync(string? code, CancellationToken cancellationToken)
    {
        if (!ContestCode.TryParse(code, out var parsed))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Contests.AsNoTracking()
            .Where(c => c.Code == parsed.Value && c.PublishedAt != null)
            .Join(db.Draws.AsNoTracking(), c => c.Id, d => d.ContestId, (c, d) => new
            {
                d.ContestId,
                Text = db.DrawEntryLists.Where(l => l.ContestId == c.Id).Select(l => l.Text).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : found.Text ?? await StoreLegacyEntryListAsync(found.ContestId, cancellationToken);
    }

    /// <summary>
    /// A contest drawn before entry lists were stored with the draw: its list is rebuilt once, from the entries eligible
    /// at the draw (disqualified later still counts), checked against the draw's hash and stored like a new draw's.
    /// </summary>
    private async Task<string> StoreLegacyEntryListAsync(int contestId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var draw = await db.Draws.AsNoTracking().SingleAsync(d => d.ContestId == contestId, cancellationToken);
        var drawnAt = draw.DrawnAt;
        var ids = await db.Entries.AsNoTracking()
            .Where(e => e.ContestId == contestId && e.EnteredAt <= drawnAt && (e.DisqualifiedAt == null || e.DisqualifiedAt > drawnAt))
            .OrderBy(e => e.Id)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);
        if (Convert.ToHexStringLower(DrawAlgorithm.EntryListHash(ids)) != draw.EntryListHash)
        {
            // Published anyway: hiding the list would hide the problem from the people the verifier is for.
            logger.LogError("Contest {ContestId}: the rebuilt entry list does not hash to draw {DrawId}'s entry-list hash; the public verifier will report a mismatch",
                contestId, draw.Id);
        }

        var list = DrawEntryList.For(contestId, ids);
        db.DrawEntryLists.Add(list);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another request stored it first: the same text.
        }

        return list.Text;
    }

    private async Task<DrawOutcome> DrawOnceAsync(AdminChange change, int contestId)
    {
        var (db, admin, now, cancellationToken) = (change.Db, change.Admin, change.Now, change.CancellationToken);

        // Write to the contest row before reading anything, while it is undrawn. That takes the row lock on PostgreSQL and
        // the database write lock on SQLite, the same lock a disqualification takes first (AdminEntries.DisqualifyAsync):
        // a disqualification either commits before the eligible entries are read below, or waits and then finds the
        // contest drawn. A concurrent draw waits here too, then finds the first one's record.
        await db.Contests.Where(c => c.Id == contestId && c.DrawnAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.UpdatedAt, now), cancellationToken);
        var contest = await db.Contests.SingleOrDefaultAsync(c => c.Id == contestId, cancellationToken)
                      ?? throw new DomainRuleException("We couldn't find that contest.");

        // A draw inserted by a transaction that did not lock the contest first still meets the unique index at our insert.
        if (await db.Draws.AsNoTracking().SingleOrDefaultAsync(d => d.ContestId == contestId, cancellationToken) is { } existing)
        {
            return new DrawOutcome(existing, AlreadyDrawn: true);
        }

        var eligible = await db.Entries
            .Where(e => e.ContestId == contestId && e.DisqualifiedAt == null)
            .OrderBy(e => e.Id)
            .Select(e => e.Id)
            .ToListAsync(cancellationToken);

        var record = contest.Draw(eligible, admin.DisplayName ?? admin.Masked, now, seeds);
        db.Draws.Add(record);
        // The public entry list, fixed now, in the draw's transaction: what entries.txt serves from here on.
        db.DrawEntryLists.Add(DrawEntryList.For(contestId, eligible));
        await db.SaveChangesAsync(cancellationToken);

        // Each winner's prize award, in the draw's transaction: a contest is never drawn without its winner slots.
        db.PrizeAwards.AddRange(PrizeAward.ForDraw(record, now));
        await change.AuditAsync(contest, AuditAction.Drawn,
            $"{record.Winners.Count} winner(s) and {record.Alternates.Count} alternate(s) from {record.EntryCount} eligible entries");
        return new DrawOutcome(record, AlreadyDrawn: false);
    }
}

/// <param name="AlreadyDrawn">True when this call found an earlier draw instead of drawing.</param>
public sealed record DrawOutcome(DrawRecord Draw, bool AlreadyDrawn);

/// <summary>The admin draw page's data.</summary>
public sealed record DrawPanel(Contest Contest, DrawRecord? Draw, IReadOnlyList<PrizeAward> Awards, IReadOnlyDictionary<long, string> MaskedPhones,
    DateTimeOffset Now)
{
    public ContestStatus Status => Contest.StatusAt(Now);
    public bool CanDraw => Draw is null && Status == ContestStatus.Ended;
    public bool HasUnnotified => Awards.Any(a => a.Status == AwardStatus.Selected);
    public string Masked(long entryId) => MaskedPhones.TryGetValue(entryId, out var masked) ? masked : "•••";
    public string Format(DateTimeOffset? instant) => instant is { } at ? TimeZones.Format(at, Contest.Schedule.TimeZoneId) : "";

    /// <summary>The alternate's state: waiting, or which slot it took.</summary>
    public string AlternateState(long entryId) =>
        Awards.FirstOrDefault(a => a.EntryId == entryId) is { } award ? $"Promoted to winner {award.Slot}" : "Waiting";
}
