using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;
using Contestlet.Domain.Winners;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Notifications;
using Contestlet.Web.Features.TextToWin;
using Contestlet.Web.Features.Winners;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Entries;

/// <summary>
/// Records entries. The contest's rules are checked by the domain in docs/product.md §3's order; the per-person limit and the
/// total cap are then enforced by the database in one transaction — a unique index on (contest, phone, period) and a
/// conditional counter update — so no amount of concurrency creates a duplicate or breaks a cap.
/// </summary>
public sealed class EntryService(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, ClaimTokenProtector claimTokens,
    ILogger<EntryService> logger, Func<string>? newReference = null, IOptions<WinnersOptions>? winners = null)
{
    /// <summary>How many references an entry may draw before giving up: each clash is about one in a million at 1M entries.</summary>
    private const int ReferenceAttempts = 3;

    private readonly Func<string> _newReference = newReference ?? Entry.NewReference;
    private readonly Uri _siteBase = winners?.Value.SiteBase ?? WinnersOptions.DevelopmentPublicBaseUrl;

    public async Task<EntryOutcome> EnterAsync(string contestCode, PhoneNumber phone, EntryRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = ContestCode.TryParse(contestCode, out var code)
            ? await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code.Value, cancellationToken)
            : null;
        if (contest is null)
        {
            return ContestletMetrics.Entry(EntryOutcome.Refused(new EntryRefusal(EntryRefusalReason.NotFound, "We couldn't find that contest.")), request.Source);
        }

        return await EnterAsync(db, contest, phone, request, now, alsoInTransaction: null, cancellationToken);
    }

    /// <summary>
    /// Enters a contest its caller has just read from the database in this request (text to win found it by its keyword),
    /// which saves a round trip. It is the same as reading it here a moment later: what can change in between (drawn,
    /// cancelled, deleted, ended, full) is re-checked by the conditional count at the write, as it is for a contest read here.
    /// Never pass a contest from a cache.
    /// </summary>
    public Task<EntryOutcome> EnterAsync(Contest contest, PhoneNumber phone, EntryRequest request, CancellationToken cancellationToken) =>
        EnterAsync(contest, phone, request, alsoInTransaction: null, cancellationToken);

    /// <summary>
    /// As <see cref="EnterAsync(Contest, PhoneNumber, EntryRequest, CancellationToken)"/>, and <paramref name="alsoInTransaction"/>
    /// writes the caller's own rows in the entry's transaction (text to win marks its message processed there,
    /// docs/decisions/028-one-transaction-per-keyword-entry.md). It runs after the entry's rows and before the count, so it
    /// commits exactly when the outcome is <see cref="EntryResult.Accepted"/>: a refused count or a failure rolls it back with
    /// the entry, and an "already entered" answer never runs it. It saves its own changes, must not touch the contest row,
    /// and must be safe to run again on a fresh context (the execution strategy replays the whole transaction).
    /// </summary>
    public async Task<EntryOutcome> EnterAsync(Contest contest, PhoneNumber phone, EntryRequest request,
        Func<ContestletDbContext, Task>? alsoInTransaction, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await EnterAsync(db, contest, phone, request, time.GetUtcNow(), alsoInTransaction, cancellationToken);
    }

    private async Task<EntryOutcome> EnterAsync(ContestletDbContext db, Contest contest, PhoneNumber phone, EntryRequest request, DateTimeOffset now,
        Func<ContestletDbContext, Task>? alsoInTransaction, CancellationToken cancellationToken)
    {
        // Status and eligibility first; the cap is judged by the database below, after the per-person limit.
        var refusal = contest.CheckEntry(request, now);
        if (refusal is { Reason: not EntryRefusalReason.CapReached })
        {
            return ContestletMetrics.Entry(EntryOutcome.Refused(refusal, contest), request.Source);
        }

        var period = Entry.PeriodFor(contest, now);
        if (await FindAsync(db, contest.Id, phone, period, cancellationToken) is { } existing)
        {
            return ContestletMetrics.Entry(EntryOutcome.AlreadyEntered(existing, contest), request.Source);
        }

        var entry = contest.AdmitUnchecked(phone, request, now);
        for (var attempt = 1; ; attempt++)
        {
            entry.ReplaceReference(_newReference());
            try
            {
                // Through the execution strategy on a fresh context per try: a transient PostgreSQL failure replays the whole
                // transaction (docs/decisions/022-admin-actions-and-retries.md).
                if (!await dbFactory.InStrategyAsync(attemptDb => TryInsertAsync(attemptDb, contest, entry, phone, ConfirmationFor,
                        alsoInTransaction, now, time.GetUtcNow(), cancellationToken), cancellationToken))
                {
                    return ContestletMetrics.Entry(await RefusedAtWriteAsync(contest.Id, request, cancellationToken), request.Source);
                }

                break;
            }
            catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
            {
                // The transaction (with its counter increment) was rolled back. Either another request from the same person
                // won the race (the unique index on contest, phone and period), or the reference was already taken.
                await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (await FindAsync(fresh, contest.Id, phone, period, cancellationToken) is { } winner)
                {
                    return ContestletMetrics.Entry(EntryOutcome.AlreadyEntered(winner, contest), request.Source);
                }

                if (attempt == ReferenceAttempts || !await fresh.Entries.AnyAsync(e => e.Reference == entry.Reference, cancellationToken))
                {
                    throw;
                }

                logger.LogWarning("Entry reference clash for contest {ContestId} (attempt {Attempt}); drawing another", contest.Id, attempt);
            }
        }

        logger.LogInformation("Entry {EntryId} accepted for contest {ContestId} from {Phone}", entry.Id, contest.Id, phone.Masked);
        return ContestletMetrics.Entry(EntryOutcome.Accepted(entry, contest), request.Source);
    }

    /// <summary>Why the conditional write refused: the contest as it is now (drawn, cancelled, ended, deleted), else its cap.</summary>
    private async Task<EntryOutcome> RefusedAtWriteAsync(int contestId, EntryRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, cancellationToken);
        if (current is null)
        {
            return EntryOutcome.Refused(new EntryRefusal(EntryRefusalReason.NotFound, "We couldn't find that contest."));
        }

        var refusal = current.CheckEntry(request, time.GetUtcNow());
        return EntryOutcome.Refused(refusal is { Reason: not EntryRefusalReason.CapReached } ? refusal : Contest.CapReachedRefusal, current);
    }

    /// <summary>
    /// Stores and counts the entry (and its confirmation text) in one transaction. False when the contest no longer takes
    /// entries at the moment of the write: its cap is reached, or it was drawn, cancelled or deleted, or it has ended
    /// (issue 13 item 6: a draw or cancellation that commits before this write's count wins, so the published entry list
    /// always matches the draw). The rows go in first and the contest's conditional count comes last, just before the
    /// commit (docs/decisions/024-count-the-entry-last.md): on PostgreSQL the contest row, which every entrant of a hot
    /// contest needs, is locked for one statement and the commit instead of the whole transaction, and the count re-checks
    /// its conditions after any concurrent draw commits. A refused count rolls the rows back, the caller's rows
    /// (<paramref name="alsoInTransaction"/>, written just before the count) with them. SQLite's single writer serialises the
    /// transaction either way (its first statement, a write, takes the write lock).
    /// </summary>
    private static async Task<bool> TryInsertAsync(ContestletDbContext db, Contest contest, Entry entry, PhoneNumber phone,
        Func<Contest, Entry, string?> confirmationFor, Func<ContestletDbContext, Task>? alsoInTransaction, DateTimeOffset now,
        DateTimeOffset writeTime, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Entries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        var confirmation = confirmationFor(contest, entry);
        if (confirmation is not null)
        {
            // Queued in the entry's transaction: the entry and its confirmation commit together, and sending
            // (which may fail) happens later in the outbox worker, so a failed text never loses the entry.
            db.Notifications.Add(Notification.Queue(NotificationType.EntryConfirmation, phone, confirmation,
                now, Notification.SystemActor, contest.Id, entry.Id));
            await db.SaveChangesAsync(cancellationToken);
        }

        if (alsoInTransaction is not null)
        {
            await alsoInTransaction(db);
        }

        // "Not deleted" is the contests' query filter, which ExecuteUpdate applies too.
        var counted = await db.Contests
            .Where(c => c.Id == contest.Id
                        && c.DrawnAt == null && c.CancelledAt == null && writeTime < c.Schedule.EndsAt
                        && (c.Eligibility.TotalEntryCap == null || c.EntryCount < c.Eligibility.TotalEntryCap))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.EntryCount, c => c.EntryCount + 1), cancellationToken);
        if (counted == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        if (confirmation is not null)
        {
            ContestletMetrics.SmsQueued(NotificationType.EntryConfirmation);
        }

        return true;
    }

    /// <summary>
    /// A web entry gets the contest's confirmation template, if it has one. An SMS entry always gets the one "entered"
    /// reply (reference, draw time, results link), queued here with the entry so that however many texts race, exactly one
    /// "entered" reply goes out (docs/decisions/014-text-to-win.md).
    /// </summary>
    private string? ConfirmationFor(Contest contest, Entry entry) =>
        entry.Source == EntrySource.Sms ? TextToWinReplies.Entered(contest, entry, _siteBase)
        : contest.Messages.EntryConfirmation is { Length: > 0 } template ? MessageText.Render(template, contest, _siteBase)
        : null;

    /// <summary>The person's entry in this contest for the current period, if any (the "already entered" page shows it).</summary>
    public async Task<Entry?> FindCurrentAsync(Contest contest, PhoneNumber phone, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, contest.Id, phone, Entry.PeriodFor(contest, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>Everything a person has entered, newest first, with where each contest stands (contests in the trash are left out).</summary>
    public async Task<IReadOnlyList<MyEntry>> ListForAsync(PhoneNumber phone, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Entries.AsNoTracking()
            .Where(e => e.PhoneE164 == phone.E164)
            .Join(db.Contests.AsNoTracking(), e => e.ContestId, c => c.Id, (e, c) => new { Entry = e, Contest = c })
            .OrderByDescending(x => x.Entry.EnteredAt).ThenByDescending(x => x.Entry.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        var entryIds = rows.Select(x => x.Entry.Id).ToList();
        var contestIds = rows.Select(x => x.Contest.Id).Distinct().ToList();
        var awards = await db.PrizeAwards.AsNoTracking().Where(a => entryIds.Contains(a.EntryId)).ToDictionaryAsync(a => a.EntryId, cancellationToken);
        var draws = await db.Draws.AsNoTracking().Where(d => contestIds.Contains(d.ContestId)).ToDictionaryAsync(d => d.ContestId, cancellationToken);
        return rows.Select(x =>
        {
            var award = awards.GetValueOrDefault(x.Entry.Id);
            var claimToken = award is { Status: AwardStatus.Notified } ? claimTokens.Unprotect(award.ProtectedClaimToken) : null;
            return MyEntry.From(x.Entry, x.Contest, draws.GetValueOrDefault(x.Contest.Id), award, claimToken, now);
        }).ToList();
    }

    private static Task<Entry?> FindAsync(ContestletDbContext db, int contestId, PhoneNumber phone, string period, CancellationToken cancellationToken) =>
        db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.ContestId == contestId && e.PhoneE164 == phone.E164 && e.PeriodKey == period, cancellationToken);
}

public enum EntryResult
{
    Accepted,
    AlreadyEntered,
    Refused,
}

public sealed record EntryOutcome(EntryResult Result, Entry? Entry, Contest? Contest, EntryRefusal? Refusal)
{
    public static EntryOutcome Accepted(Entry entry, Contest contest) => new(EntryResult.Accepted, entry, contest, null);
    public static EntryOutcome AlreadyEntered(Entry entry, Contest contest) => new(EntryResult.AlreadyEntered, entry, contest, null);
    public static EntryOutcome Refused(EntryRefusal refusal, Contest? contest = null) => new(EntryResult.Refused, null, contest, refusal);
}

/// <summary>One line of "My entries".</summary>
public sealed record MyEntry(string ContestCode, string ContestName, ContestStatus Status, string StatusText, string EnteredText, string Outcome, string Reference,
    string? ClaimPath = null, string Source = "Web")
{
    public static MyEntry From(Entry entry, Contest contest, DateTimeOffset now) => From(entry, contest, null, null, null, now);

    public static MyEntry From(Entry entry, Contest contest, DrawRecord? draw, PrizeAward? award, string? claimToken, DateTimeOffset now)
    {
        var status = contest.StatusAt(now);
        var zone = contest.Schedule.TimeZoneId;
        string? claimPath = null;
        var outcome = entry.DisqualifiedAt is not null ? "Disqualified"
            : award is not null ? AwardOutcome(award, zone, now)
            : draw is not null ? AlternateOrNotDrawn(entry, draw)
            : status switch
            {
                ContestStatus.Active or ContestStatus.Upcoming => $"Pending: the draw is after {contest.Schedule.FormatEnd()}",
                ContestStatus.Ended => "Pending: entries are closed and the draw is coming",
                ContestStatus.Complete => "Drawn: see the results",
                ContestStatus.Cancelled => "Not drawn: the contest was cancelled",
                _ => "Pending",
            };
        if (award is { Status: AwardStatus.Notified } && now < award.ClaimDeadline && claimToken is not null)
        {
            claimPath = WinnerMessage.ClaimPath(claimToken);
        }

        var statusText = status switch
        {
            ContestStatus.Active => "Open",
            ContestStatus.Upcoming => "Not open yet",
            ContestStatus.Ended => "Closed",
            ContestStatus.Complete => "Winners drawn",
            ContestStatus.Cancelled => "Cancelled",
            _ => status.ToString(),
        };
        return new MyEntry(contest.Code, contest.Name, status, statusText, TimeZones.Format(entry.EnteredAt, zone), outcome, entry.Reference, claimPath,
            EntrySources.Label(entry.Source));
    }

    private static string AwardOutcome(PrizeAward award, string zone, DateTimeOffset now) => award.Status switch
    {
        AwardStatus.Selected => "Won! We'll text you a link to claim your prize",
        AwardStatus.Notified when now < award.ClaimDeadline => $"Won! Claim by {TimeZones.Format(award.ClaimDeadline!.Value, zone)}",
        AwardStatus.Notified or AwardStatus.Forfeited => "Forfeited: the prize was not claimed by the deadline",
        AwardStatus.Claimed => "Won: prize claimed",
        _ => "Prize withdrawn: " + award.Reason,
    };

    private static string AlternateOrNotDrawn(Entry entry, DrawRecord draw)
    {
        var index = draw.Alternates.ToList().IndexOf(entry.Id);
        return index >= 0 ? $"Alternate #{index + 1}: you win if a winner's prize goes unclaimed" : "Not drawn";
    }
}
