using Contestlet.Domain.Common;
using Contestlet.Domain.Draws;

namespace Contestlet.Domain.Winners;

/// <summary>docs/product.md §4's winner lifecycle: Selected → Notified → Claimed, or Forfeited / Disqualified and replaced.</summary>
public enum AwardStatus
{
    Selected,
    Notified,
    Claimed,
    Forfeited,
    Disqualified,
}

/// <summary>
/// One entry holding one winner slot of a contest. A slot's history is a chain of awards: when one is forfeited or
/// disqualified, the next alternate in draw order gets a new award for the same slot. The draw itself never changes.
/// A unique (contest, entry) index means no entry, and so no alternate, ever holds two slots.
/// </summary>
public sealed class PrizeAward
{
    public const int ReasonMaxLength = 300;
    public const int NameMaxLength = 120;
    public const int EmailMaxLength = 254;
    public const int TokenHashLength = 64;
    public const int ProtectedTokenMaxLength = 400;

    public long Id { get; private set; }
    public int ContestId { get; private set; }
    public long DrawId { get; private set; }

    /// <summary>1-based winner slot.</summary>
    public int Slot { get; private set; }

    public long EntryId { get; private set; }

    /// <summary>Null for the drawn winner; otherwise the 0-based position in the draw's alternates.</summary>
    public int? AlternateIndex { get; private set; }

    public AwardStatus Status { get; private set; }
    public DateTimeOffset SelectedAt { get; private set; }
    public DateTimeOffset? NotifiedAt { get; private set; }
    public DateTimeOffset? ClaimDeadline { get; private set; }

    /// <summary>SHA-256 of the claim token (lower-case hex); the token itself only ever exists in the winner's text.</summary>
    public string? ClaimTokenHash { get; private set; }

    /// <summary>
    /// The claim token encrypted with the app's data-protection keys, so "My entries" can show the signed-in winner
    /// their link again; the hash above is what the claim page looks up.
    /// </summary>
    public string? ProtectedClaimToken { get; private set; }

    public string? ClaimedName { get; private set; }
    public string? ClaimedEmail { get; private set; }
    public DateTimeOffset? ClaimedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Why the award ended (forfeited or disqualified).</summary>
    public string? Reason { get; private set; }

    /// <summary>Bumped by every change; a concurrency token, so two admins or two job instances cannot both move one award.</summary>
    public int Version { get; private set; }

    private PrizeAward()
    {
    }

    /// <summary>The awards a fresh draw creates: one per drawn winner, slots in draw order.</summary>
    public static IReadOnlyList<PrizeAward> ForDraw(DrawRecord draw, DateTimeOffset now) =>
        draw.Winners.Select((entryId, i) => new PrizeAward
        {
            ContestId = draw.ContestId,
            DrawId = draw.Id,
            Slot = i + 1,
            EntryId = entryId,
            Status = AwardStatus.Selected,
            SelectedAt = now,
        }).ToList();

    /// <summary>Still holding its slot (not forfeited or disqualified).</summary>
    public bool HoldsSlot => Status is AwardStatus.Selected or AwardStatus.Notified or AwardStatus.Claimed;

    /// <summary>
    /// Marks the winner told and starts the claim window. Returns the claim token to put in the text; only its hash and
    /// its encryption by <paramref name="protect"/> are kept.
    /// </summary>
    public string Notify(int claimWindowHours, DateTimeOffset now, Func<string, string> protect)
    {
        if (Status != AwardStatus.Selected)
        {
            throw new DomainRuleException("This winner has already been notified.");
        }

        if (claimWindowHours < 1)
        {
            throw new DomainRuleException("The claim window must be at least one hour.");
        }

        var token = ClaimToken.New();
        ClaimTokenHash = ClaimToken.Hash(token);
        ProtectedClaimToken = protect(token);
        NotifiedAt = now;
        ClaimDeadline = now.AddHours(claimWindowHours);
        Status = AwardStatus.Notified;
        Version++;
        return token;
    }

    /// <summary>True when the claim window has closed without a claim (the forfeiture job's test).</summary>
    public bool IsExpiredAt(DateTimeOffset now) => Status == AwardStatus.Notified && now >= ClaimDeadline;

    /// <summary>The winner confirms their name and email before the deadline.</summary>
    public void Claim(string name, string email, DateTimeOffset now)
    {
        switch (Status)
        {
            case AwardStatus.Claimed:
                throw new DomainRuleException("This prize has already been claimed.");
            case AwardStatus.Forfeited or AwardStatus.Disqualified:
                throw new DomainRuleException("This prize can no longer be claimed.");
            case AwardStatus.Selected:
                throw new DomainRuleException("This prize cannot be claimed yet.");
        }

        if (now >= ClaimDeadline)
        {
            throw new DomainRuleException("The claim deadline has passed, so this prize was forfeited.");
        }

        name = (name ?? "").Trim();
        email = (email ?? "").Trim();
        if (name.Length == 0 || name.Length > NameMaxLength)
        {
            throw new DomainRuleException($"Enter your full name, in at most {NameMaxLength} characters.");
        }

        if (email.Length == 0 || email.Length > EmailMaxLength || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new DomainRuleException("Enter a valid email address.");
        }

        ClaimedName = name;
        ClaimedEmail = email;
        ClaimedAt = now;
        Status = AwardStatus.Claimed;
        Version++;
    }

    /// <summary>The claim window passed without a claim.</summary>
    public void ForfeitExpired(DateTimeOffset now)
    {
        if (!IsExpiredAt(now))
        {
            throw new DomainRuleException("This prize is not past its claim deadline.");
        }

        End(AwardStatus.Forfeited, "Not claimed by the deadline", now);
    }

    /// <summary>An admin forfeits an unclaimed prize (for example, the winner declined it), with a reason.</summary>
    public void Forfeit(string reason, DateTimeOffset now)
    {
        if (Status == AwardStatus.Claimed)
        {
            throw new DomainRuleException("A claimed prize cannot be forfeited; disqualify the winner instead.");
        }

        End(AwardStatus.Forfeited, reason, now);
    }

    /// <summary>An admin disqualifies this winner (ineligible, duplicate entries…), with a reason.</summary>
    public void Disqualify(string reason, DateTimeOffset now) => End(AwardStatus.Disqualified, reason, now);

    /// <summary>
    /// The award that takes over this (ended) award's slot: the first alternate, in draw order, that holds no award yet.
    /// Null when the alternates are used up.
    /// </summary>
    public PrizeAward? Successor(DrawRecord draw, IEnumerable<PrizeAward> contestAwards, DateTimeOffset now)
    {
        if (HoldsSlot)
        {
            throw new DomainRuleException("Only a forfeited or disqualified winner is replaced.");
        }

        var taken = contestAwards.Select(a => a.EntryId).ToHashSet();
        for (var i = 0; i < draw.Alternates.Count; i++)
        {
            if (!taken.Contains(draw.Alternates[i]))
            {
                return new PrizeAward
                {
                    ContestId = ContestId,
                    DrawId = DrawId,
                    Slot = Slot,
                    EntryId = draw.Alternates[i],
                    AlternateIndex = i,
                    Status = AwardStatus.Selected,
                    SelectedAt = now,
                };
            }
        }

        return null;
    }

    private void End(AwardStatus status, string reason, DateTimeOffset now)
    {
        if (!HoldsSlot)
        {
            throw new DomainRuleException("This winner has already been replaced.");
        }

        reason = (reason ?? "").Trim();
        if (reason.Length == 0 || reason.Length > ReasonMaxLength)
        {
            throw new DomainRuleException($"Give a reason, in at most {ReasonMaxLength} characters.");
        }

        Status = status;
        Reason = reason;
        EndedAt = now;
        Version++;
    }
}
