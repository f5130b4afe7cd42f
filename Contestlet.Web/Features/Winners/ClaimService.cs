using Contestlet.Domain.Audit;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;
using Contestlet.Domain.Winners;
using Contestlet.Web.Data;
using Contestlet.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;

namespace Contestlet.Web.Features.Winners;

/// <summary>
/// A winner's claim (docs/product.md §4): what the claim page shows for a token, and the claim itself with a phone the winner has
/// just proved by code. The award's version column stops a claim racing a forfeit or a replacement.
/// </summary>
public sealed class ClaimService(IDbContextFactory<ContestletDbContext> dbFactory, TimeProvider time, ILogger<ClaimService> logger)
{
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
        ContestletMetrics.Claimed();
        return ClaimView.From(award, contest, entry.PhoneE164, now);
    }
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
