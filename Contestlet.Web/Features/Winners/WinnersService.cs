using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Notifications;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;
using Contestlet.Domain.Winners;
using Contestlet.Web.Data;
using Contestlet.Web.Features.Admin;
using Contestlet.Web.Features.Admin.Audit;
using Contestlet.Web.Features.Draws;
using Contestlet.Web.Infrastructure.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contestlet.Web.Features.Winners;

/// <summary>
/// The winners' lifecycle after the draw (PRODUCT §4): notify, claim, forfeit at the deadline, replace with the next
/// alternate. Every change of an award is one transaction with its notification and its audit row; the award's version column stops two
/// admins or two app instances from moving the same award, and the unique (contest, entry) index stops two slots from
/// taking the same alternate.
/// </summary>
public sealed class WinnersService(
    IDbContextFactory<ContestletDbContext> dbFactory,
    DrawService draws,
    IOptions<WinnersOptions> options,
    ClaimTokenProtector tokens,
    TimeProvider time,
    ILogger<WinnersService> logger)
{
    private const int PromotionAttempts = 5;

    private Uri SiteBase => options.Value.SiteBase;

    /// <summary>The admin draw page: the contest, its draw (if any) and every award, masked.</summary>
    public async Task<DrawPanel?> PanelAsync(int contestId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId && c.DeletedAt == null, cancellationToken);
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

    /// <summary>Runs the contest's one draw (or returns the one that exists); the draw writes its own audit row.</summary>
    public Task<DrawOutcome> DrawAsync(int contestId, AdminActor admin, CancellationToken cancellationToken) =>
        draws.DrawAsync(contestId, admin, cancellationToken);

    /// <summary>Texts every selected (not yet notified) winner of the contest their claim link. Returns how many were queued.</summary>
    public async Task<int> NotifyWinnersAsync(int contestId, AdminActor admin, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contestId, cancellationToken)
                      ?? throw new DomainRuleException("We couldn't find that contest.");
        var selected = await db.PrizeAwards.Where(a => a.ContestId == contestId && a.Status == AwardStatus.Selected).ToListAsync(cancellationToken);
        foreach (var award in selected)
        {
            await QueueWinnerTextAsync(db, contest, award, admin.Masked, now, cancellationToken);
        }

        if (selected.Count > 0)
        {
            await AuditTrail.AddAsync(db, contest, AuditAction.WinnersNotified, admin, now,
                $"{selected.Count} winner text(s) queued (slot {string.Join(", ", selected.Select(a => a.Slot).Order())})", cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("Another admin notified these winners at the same moment. Reload to see where they stand.");
        }

        await transaction.CommitAsync(cancellationToken);
        return selected.Count;
    }

    /// <summary>
    /// Ends an award (forfeited or disqualified, with a reason) and gives its slot to the next alternate in draw order.
    /// The new winner is texted at once when the one they replace had been told. Returns the new award, or null when the
    /// alternates are used up.
    /// </summary>
    public Task<PrizeAward?> ReplaceAsync(long awardId, AwardStatus ending, string reason, AdminActor admin, CancellationToken cancellationToken)
    {
        if (ending is not (AwardStatus.Forfeited or AwardStatus.Disqualified))
        {
            throw new ArgumentOutOfRangeException(nameof(ending), ending, "A winner is replaced after a forfeit or a disqualification.");
        }

        return EndAndPromoteAsync(awardId, admin, (award, now) =>
        {
            if (ending == AwardStatus.Forfeited)
            {
                award.Forfeit(reason, now);
            }
            else
            {
                award.Disqualify(reason, now);
            }

            return true;
        }, cancellationToken);
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

        return forfeited;
    }

    /// <summary>What the claim page shows for a token; null when no award has it (the page answers 404).</summary>
    public async Task<ClaimView?> FindClaimAsync(string? token, CancellationToken cancellationToken)
    {
        if (!ClaimToken.LooksValid(token))
        {
            return null;
        }

        var hash = ClaimToken.Hash(token!);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.PrizeAwards.AsNoTracking().Where(a => a.ClaimTokenHash == hash)
            .Join(db.Entries.AsNoTracking(), a => a.EntryId, e => e.Id, (a, e) => new { Award = a, e.PhoneE164 })
            .Join(db.Contests.AsNoTracking(), x => x.Award.ContestId, c => c.Id, (x, c) => new { x.Award, x.PhoneE164, Contest = c })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : ClaimView.From(row.Award, row.Contest, row.PhoneE164, time.GetUtcNow());
    }

    /// <summary>
    /// The winner claims with a phone they have just proved by code. The number must be the winning entry's.
    /// </summary>
    public async Task<ClaimView> ClaimAsync(string token, PhoneNumber provenPhone, string name, string email, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!ClaimToken.LooksValid(token))
        {
            throw new DomainRuleException("We couldn't find that prize.");
        }

        var hash = ClaimToken.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var award = await db.PrizeAwards.SingleOrDefaultAsync(a => a.ClaimTokenHash == hash, cancellationToken)
                    ?? throw new DomainRuleException("We couldn't find that prize.");
        var entry = await db.Entries.AsNoTracking().SingleAsync(e => e.Id == award.EntryId, cancellationToken);
        var contest = await db.Contests.AsNoTracking().SingleAsync(c => c.Id == award.ContestId, cancellationToken);
        if (entry.PhoneE164 != provenPhone.E164)
        {
            throw new DomainRuleException($"This prize was won by {PhoneNumber.Mask(entry.PhoneE164)}. Sign in with that number to claim it.");
        }

        award.Claim(name, email, now);
        db.AuditLog.Add(AuditEntry.ByContestant(contest, AuditAction.PrizeClaimed, now,
            $"Slot {award.Slot} claimed by {PhoneNumber.Mask(entry.PhoneE164)}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DomainRuleException("This prize changed while you were claiming it. Reload the page to see where it stands.");
        }

        logger.LogInformation("Award {AwardId} of contest {ContestId} claimed", award.Id, contest.Id);
        return ClaimView.From(award, contest, entry.PhoneE164, now);
    }

    /// <summary>The public results page; null before the draw (and for unknown or unpublished contests).</summary>
    public async Task<ResultsView?> ResultsAsync(string? code, CancellationToken cancellationToken)
    {
        if (!ContestCode.TryParse(code, out var parsed))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contest = await db.Contests.AsNoTracking()
            .SingleOrDefaultAsync(c => c.Code == parsed.Value && c.PublishedAt != null && c.DeletedAt == null, cancellationToken);
        if (contest is null)
        {
            return null;
        }

        var draw = await db.Draws.AsNoTracking().SingleOrDefaultAsync(d => d.ContestId == contest.Id, cancellationToken);
        if (draw is null)
        {
            return null;
        }

        var awards = await db.PrizeAwards.AsNoTracking().Where(a => a.ContestId == contest.Id).ToListAsync(cancellationToken);
        var ids = draw.Winners.Concat(draw.Alternates).Concat(awards.Select(a => a.EntryId)).Distinct().ToList();
        var phones = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => PhoneNumber.Mask(e.PhoneE164), cancellationToken);
        return ResultsView.From(contest, draw, awards, phones);
    }

    /// <param name="admin">The admin who ends the award, or null for the forfeiture job.</param>
    private async Task<PrizeAward?> EndAndPromoteAsync(long awardId, AdminActor? admin, Func<PrizeAward, DateTimeOffset, bool> end,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
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

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
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

            if (successor is null)
            {
                logger.LogWarning("Contest {ContestId} slot {Slot} has no alternate left to promote", award.ContestId, award.Slot);
            }

            return successor;
        }
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
    }
}

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

public enum ClaimState
{
    AwaitingProof,
    Claimable,
    Claimed,
    Forfeited,
}

/// <summary>The claim page's data; the phone is only ever shown masked.</summary>
public sealed record ClaimView(string ContestName, string ContestCode, string Prize, string SponsorName, string MaskedPhone, string WinnerE164,
    ClaimState State, string DeadlineText, string? ClaimedName)
{
    public static ClaimView From(PrizeAward award, Contest contest, string phoneE164, DateTimeOffset now)
    {
        var state = award.Status switch
        {
            AwardStatus.Claimed => ClaimState.Claimed,
            AwardStatus.Notified when now < award.ClaimDeadline => ClaimState.Claimable,
            _ => ClaimState.Forfeited,
        };
        return new ClaimView(contest.Name, contest.Code, contest.Prize.Description, contest.SponsorName, PhoneNumber.Mask(phoneE164), phoneE164,
            state, award.ClaimDeadline is { } deadline ? TimeZones.Format(deadline, contest.Schedule.TimeZoneId, withYear: true) : "",
            award.ClaimedName);
    }

    public bool IsWinner(PhoneNumber? phone) => phone is not null && phone.E164 == WinnerE164;
}

/// <summary>One line of the results page: a slot's current holder, and the holders it replaced.</summary>
public sealed record ResultSlot(int Slot, string MaskedPhone, string StatusText, IReadOnlyList<string> History);

public sealed record ResultsView(Contest Contest, DrawRecord Draw, IReadOnlyList<ResultSlot> Slots, IReadOnlyList<string> Alternates)
{
    public string DrawnAtText => TimeZones.Format(Draw.DrawnAt, Contest.Schedule.TimeZoneId, withYear: true);

    public static ResultsView From(Contest contest, DrawRecord draw, IReadOnlyList<PrizeAward> awards, IReadOnlyDictionary<long, string> phones)
    {
        string Mask(long id) => phones.TryGetValue(id, out var masked) ? masked : "•••";
        var slots = draw.Winners.Select((winner, i) =>
        {
            var chain = awards.Where(a => a.Slot == i + 1).OrderBy(a => a.Id).ToList();
            var current = chain.LastOrDefault();
            var history = chain.Where(a => !a.HoldsSlot)
                .Select(a => $"{Mask(a.EntryId)}: {(a.Status == AwardStatus.Forfeited ? "forfeited" : "disqualified")} → replaced")
                .ToList();
            var (phone, text) = current switch
            {
                null => (Mask(winner), "Awaiting claim"),
                { Status: AwardStatus.Claimed } => (Mask(current.EntryId), "Claimed"),
                { Status: AwardStatus.Selected or AwardStatus.Notified } => (Mask(current.EntryId), "Awaiting claim"),
                _ => (Mask(current.EntryId), current.Status == AwardStatus.Forfeited ? "Forfeited — no alternate left" : "Disqualified — no alternate left"),
            };
            return new ResultSlot(i + 1, phone, text, history);
        }).ToList();
        var alternates = draw.Alternates.Select((id, i) =>
            awards.FirstOrDefault(a => a.AlternateIndex == i) is { } promoted ? $"{Mask(id)} · promoted to winner {promoted.Slot}" : Mask(id)).ToList();
        return new ResultsView(contest, draw, slots, alternates);
    }
}
