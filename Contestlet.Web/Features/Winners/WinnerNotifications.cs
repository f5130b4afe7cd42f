using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Winners;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Audit;
using Contestlet.Web.Infrastructure.Configuration;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Winners;

/// <summary>
/// Telling winners and replacing them (docs/product.md §4): notify the drawn winners, end an award (forfeit or disqualify) and
/// promote the next alternate, and the forfeiture job's pass over claims left past their deadline. Used by the admin draw
/// page and <see cref="ForfeitureJob"/>. Every change of an award is one transaction with its notification and its audit
/// row; the award's version column stops two admins or two app instances from moving the same award, and the unique
/// (contest, entry) index stops two slots from taking the same alternate.
/// </summary>
public sealed class WinnerNotifications(
    IDbContextFactory<ContestletDbContext> dbFactory,
    IOptions<WinnersOptions> options,
    ClaimTokenProtector tokens,
    AdminChanges changes,
    TimeProvider time,
    ILogger<WinnerNotifications> logger)
{
    private const int PromotionAttempts = 5;

    private Uri SiteBase => options.Value.SiteBase;

    /// <summary>Texts every selected (not yet notified) winner of the contest their claim link. Succeeds with how many were queued.</summary>
    public Task<AdminResult<int>> NotifyWinnersAsync(int contestId, AdminActor admin, CancellationToken cancellationToken) =>
        changes.RunAsync(admin, async change =>
        {
            var db = change.Db;
            var contest = await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, cancellationToken)
                          ?? throw new DomainRuleException("We couldn't find that contest.");
            var selected = await db.PrizeAwards.Where(a => a.ContestId == contestId && a.Status == AwardStatus.Selected).ToListAsync(cancellationToken);
            foreach (var award in selected)
            {
                await QueueWinnerTextAsync(db, contest, award, admin.Masked, change.Now, cancellationToken);
            }

            if (selected.Count > 0)
            {
                await change.AuditAsync(contest, AuditAction.WinnersNotified,
                    $"{selected.Count} winner text(s) queued (slot {string.Join(", ", selected.Select(a => a.Slot).Order())})");
            }

            return selected.Count;
        }, cancellationToken, changedMeanwhile: "Another admin notified these winners at the same moment. Reload to see where they stand.");

    /// <summary>
    /// Ends an award (forfeited or disqualified, with a reason) and gives its slot to the next alternate in draw order.
    /// The new winner is texted at once when the one they replace had been told. Succeeds with the new award, or null when
    /// the alternates are used up.
    /// </summary>
    public async Task<AdminResult<PrizeAward?>> ReplaceAsync(long awardId, AwardStatus ending, string reason, AdminActor admin,
        CancellationToken cancellationToken)
    {
        return await changes.TryAsync(admin, () => EndAndPromoteAsync(awardId, admin, (award, now) =>
        {
            if (ending is not (AwardStatus.Forfeited or AwardStatus.Disqualified))
            {
                throw new ArgumentOutOfRangeException(nameof(ending), ending, "A winner is replaced after a forfeit or a disqualification.");
            }

            if (ending == AwardStatus.Forfeited)
            {
                award.Forfeit(reason, now);
            }
            else
            {
                award.Disqualify(reason, now);
            }

            return true;
        }, cancellationToken), cancellationToken);
    }

    /// <summary>The forfeiture job's pass: forfeits every claim past its deadline and promotes and texts the next alternate.</summary>
    public async Task<int> ForfeitExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<long> expired;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            expired = await db.PrizeAwards.AsNoTracking()
                .Where(a => a.Status == AwardStatus.Notified && a.ClaimDeadline <= now)
                .OrderBy(a => a.ClaimDeadline)
                .Select(a => a.Id)
                .Take(100)
                .ToListAsync(cancellationToken);
        }

        var forfeited = 0;
        foreach (var id in expired)
        {
            var ended = false;
            await EndAndPromoteAsync(id, admin: null, (award, at) =>
            {
                if (!award.IsExpiredAt(at))
                {
                    return false;
                }

                award.ForfeitExpired(at);
                ended = true;
                return true;
            }, cancellationToken);
            forfeited += ended ? 1 : 0;
        }

        ContestletMetrics.Forfeited(forfeited);
        return forfeited;
    }

    /// <param name="admin">The admin who ends the award, or null for the forfeiture job.</param>
    private async Task<PrizeAward?> EndAndPromoteAsync(long awardId, AdminActor? admin, Func<PrizeAward, DateTimeOffset, bool> end,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            (PrizeAward Award, PrizeAward? Successor)? ended;
            try
            {
                ended = await dbFactory.InTransactionAsync(db => EndAndPromoteOnceAsync(db, awardId, admin, end, cancellationToken), cancellationToken);
            }
            catch (DbUpdateException ex) when (attempt < PromotionAttempts && (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation()))
            {
                // Another admin or job instance moved this award, or promoted the same alternate into another slot first:
                // start again from what is committed now.
                logger.LogInformation("Replacing award {AwardId} raced another change (attempt {Attempt}); retrying", awardId, attempt);
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainRuleException("This winner changed at the same moment. Reload to see where things stand.");
            }

            if (ended is { Award: var award, Successor: null })
            {
                logger.LogWarning("Contest {ContestId} slot {Slot} has no alternate left to promote", award.ContestId, award.Slot);
            }

            return ended?.Successor;
        }
    }

    /// <summary>One attempt, in its transaction: null when <paramref name="end"/> left the award as it was.</summary>
    private async Task<(PrizeAward Award, PrizeAward? Successor)?> EndAndPromoteOnceAsync(ContestletDbContext db, long awardId, AdminActor? admin,
        Func<PrizeAward, DateTimeOffset, bool> end, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var award = await db.PrizeAwards.SingleOrDefaultAsync(a => a.Id == awardId, cancellationToken)
                    ?? throw new DomainRuleException("We couldn't find that winner.");
        var wasNotified = award.NotifiedAt is not null;
        if (!end(award, now))
        {
            return null;
        }

        var contest = await db.Contests.AsNoTracking().SingleAsync(c => c.Id == award.ContestId, cancellationToken);
        var draw = await db.Draws.AsNoTracking().SingleAsync(d => d.Id == award.DrawId, cancellationToken);
        var contestAwards = await db.PrizeAwards.AsNoTracking().Where(a => a.ContestId == award.ContestId).ToListAsync(cancellationToken);
        var successor = award.Successor(draw, contestAwards, now);
        List<long> involved = successor is null ? [award.EntryId] : [award.EntryId, successor.EntryId];
        var phones = await db.Entries.AsNoTracking().Where(e => involved.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => PhoneNumber.Mask(e.PhoneE164), cancellationToken);
        var ended = award.Status == AwardStatus.Forfeited ? AuditAction.PrizeForfeited : AuditAction.WinnerDisqualified;
        await AuditAsync(db, contest, ended, admin, now,
            $"Slot {award.Slot}: {phones[award.EntryId]} — {award.Reason}{(successor is null ? "; no alternate left" : "")}", cancellationToken);
        if (successor is not null)
        {
            db.PrizeAwards.Add(successor);
            if (wasNotified)
            {
                await QueueWinnerTextAsync(db, contest, successor, admin?.Masked ?? AuditEntry.SystemActor, now, cancellationToken);
            }

            await AuditAsync(db, contest, AuditAction.AlternatePromoted, admin, now,
                $"Slot {award.Slot}: alternate #{successor.AlternateIndex + 1} ({phones[successor.EntryId]}){(wasNotified ? ", texted" : "")}",
                cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (award, successor);
    }

    private static Task AuditAsync(ContestletDbContext db, Contest contest, AuditAction action, AdminActor? admin, DateTimeOffset now, string detail,
        CancellationToken cancellationToken)
    {
        if (admin is not null)
        {
            return AuditTrail.AddAsync(db, contest, action, admin, now, detail, cancellationToken);
        }

        db.AuditLog.Add(AuditEntry.BySystem(contest, action, AuditEntry.ForfeitureJob, now, detail));
        return Task.CompletedTask;
    }

    private async Task QueueWinnerTextAsync(ContestletDbContext db, Contest contest, PrizeAward award, string actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var phone = await db.Entries.AsNoTracking().Where(e => e.Id == award.EntryId).Select(e => e.PhoneE164).SingleAsync(cancellationToken);
        var token = award.Notify(contest.ClaimWindowHours, now, tokens.Protect);
        var body = WinnerMessage.Render(contest, SiteBase, token, award.ClaimDeadline!.Value);
        db.Notifications.Add(Notification.Queue(NotificationType.Winner, PhoneNumber.FromE164(phone), body, now, actor, contest.Id, award.EntryId));
        ContestletMetrics.SmsQueued(NotificationType.Winner);
    }
}
