using System.Linq.Expressions;
using System.Security.Cryptography;
using Contestlet.Domain.Common;
using Contestlet.Domain.Draws;
using Contestlet.Domain.Entries;
using Contestlet.Domain.Phones;

namespace Contestlet.Domain.Contests;

/// <summary>
/// A micro-sweepstakes. Created as a draft, published explicitly (which commits to the draw's secret seed),
/// then active between its start and end; cancelled, drawn (complete) or moved to trash by an admin.
/// </summary>
public sealed class Contest
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 4000;
    public const int SponsorNameMaxLength = 120;
    public const int UrlMaxLength = 2048;
    public const int DefaultClaimWindowHours = 72;
    public const int SeedCommitmentLength = 64;
    public const int CancellationReasonMaxLength = 500;

    /// <summary>How long a deleted contest stays in the trash, restorable, before it is purged.</summary>
    public static readonly TimeSpan TrashRetention = TimeSpan.FromDays(30);

    public int Id { get; private set; }
    public string Code { get; private set; } = null!;
    public string Name { get; private set; } = null!;
    public string Description { get; private set; } = "";
    public string? ImageUrl { get; private set; }

    /// <summary>The uploaded hero image's content hash, or null; when set, the contest page shows it rather than <see cref="ImageUrl"/>.</summary>
    public string? HeroImageHash { get; private set; }

    public int? HeroImageWidth { get; private set; }
    public int? HeroImageHeight { get; private set; }

    /// <summary>The uploaded hero image, if any (docs/decisions/023-hero-images-in-the-database.md).</summary>
    public HeroImage? HeroImage => HeroImageHash is { } hash && HeroImageWidth is { } width && HeroImageHeight is { } height
        ? new HeroImage(hash, width, height)
        : null;
    public string SponsorName { get; private set; } = null!;
    public string? SponsorUrl { get; private set; }
    public ContestSchedule Schedule { get; private set; } = null!;
    public Prize Prize { get; private set; } = null!;
    public Eligibility Eligibility { get; private set; } = null!;
    public OfficialRules Rules { get; private set; } = null!;
    public MessageTemplates Messages { get; private set; } = null!;
    public int ClaimWindowHours { get; private set; } = DefaultClaimWindowHours;

    /// <summary>The SMS keyword, upper-case ("SURF"), or null.</summary>
    public string? Keyword { get; private set; }

    /// <summary>
    /// <see cref="Keyword"/> while the contest holds it (published, not cancelled, drawn or in the trash), else null. A unique
    /// index on it keeps a keyword to one live contest; a holder that has merely ended is released lazily by whoever claims
    /// the keyword next (docs/decisions/014-text-to-win.md).
    /// </summary>
    public string? KeywordClaim { get; private set; }

    /// <summary>A text with the keyword is answered "Reply YES to enter" first.</summary>
    public bool SmsDoubleOptIn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public DateTimeOffset? DrawnAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }
    public string? CancellationReason { get; private set; }

    /// <summary>
    /// Fields of an imported campaign one-sheet that have no place in the contest, kept verbatim as a JSON object
    /// so nothing the marketing team wrote is lost. Null for contests created in the console.
    /// </summary>
    public string? ImportedExtrasJson { get; private set; }

    /// <summary>Number of entries accepted; the total cap is enforced against it in the same transaction as the insert.</summary>
    public int EntryCount { get; private set; }

    /// <summary>
    /// The draw's seed in clear, as releases before docs/decisions/017-secrets-at-rest.md stored it. Never written any
    /// more; read only for a contest published before then whose <see cref="SealedDrawSeed"/> is still missing. The
    /// contract step of that record clears and drops it.
    /// </summary>
    public byte[]? DrawSeed { get; private set; }

    /// <summary>
    /// The draw's secret seed (32 bytes, generated at publish and revealed only by the draw), sealed by the
    /// <see cref="IDrawSeedVault"/> given to <see cref="Publish"/>: the database never holds it in clear.
    /// </summary>
    public byte[]? SealedDrawSeed { get; private set; }

    /// <summary>SHA-256 of <see cref="DrawSeed"/>, lower-case hex, published on the official-rules page.</summary>
    public string? SeedCommitment { get; private set; }

    private Contest()
    {
    }

    public static Contest Create(ContestDetails details, ContestSchedule schedule, DateTimeOffset now)
    {
        var contest = new Contest
        {
            Code = ContestCode.New().Value,
            Schedule = schedule,
            CreatedAt = now,
        };
        contest.Apply(details, now);
        return contest;
    }

    /// <summary>A draft created from an imported one-sheet, keeping the fields the contest has no place for.</summary>
    public static Contest Import(ContestDetails details, ContestSchedule schedule, string? extrasJson, DateTimeOffset now)
    {
        var contest = Create(details, schedule, now);
        contest.ImportedExtrasJson = string.IsNullOrWhiteSpace(extrasJson) ? null : extrasJson;
        return contest;
    }

    /// <summary>
    /// The one status function. Order matters: a draft is a draft whatever the clock says; cancellation and the
    /// draw are facts that outrank the schedule. At exactly the start a contest is active; at exactly the end it has ended.
    /// </summary>
    public ContestStatus StatusAt(DateTimeOffset now) =>
        PublishedAt is null ? ContestStatus.Draft
        : CancelledAt is not null ? ContestStatus.Cancelled
        : DrawnAt is not null ? ContestStatus.Complete
        : now >= Schedule.EndsAt ? ContestStatus.Ended
        : now < Schedule.StartsAt ? ContestStatus.Upcoming
        : ContestStatus.Active;

    /// <summary>
    /// <see cref="StatusAt"/> as a query predicate, so the database filters by the same rule.
    /// Tests prove the two agree at every boundary.
    /// </summary>
    public static Expression<Func<Contest, bool>> HasStatus(ContestStatus status, DateTimeOffset now) => status switch
    {
        ContestStatus.Draft => c => c.PublishedAt == null,
        ContestStatus.Cancelled => c => c.PublishedAt != null && c.CancelledAt != null,
        ContestStatus.Complete => c => c.PublishedAt != null && c.CancelledAt == null && c.DrawnAt != null,
        ContestStatus.Ended => c => c.PublishedAt != null && c.CancelledAt == null && c.DrawnAt == null
                                    && c.Schedule.EndsAt <= now,
        ContestStatus.Upcoming => c => c.PublishedAt != null && c.CancelledAt == null && c.DrawnAt == null
                                       && c.Schedule.EndsAt > now && c.Schedule.StartsAt > now,
        ContestStatus.Active => c => c.PublishedAt != null && c.CancelledAt == null && c.DrawnAt == null
                                     && c.Schedule.StartsAt <= now && c.Schedule.EndsAt > now,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>What an edit may still change (<see cref="CheckEdit"/> enforces it; the form offers only that).</summary>
    public ContestLock EditLock =>
        DrawnAt is not null || CancelledAt is not null ? ContestLock.TextsOnly
        : EntryCount > 0 ? ContestLock.HasEntries
        : ContestLock.None;

    public void Publish(DateTimeOffset now, IDrawSeedVault seeds)
    {
        if (PublishedAt is not null)
        {
            throw new DomainRuleException("This contest is already published.");
        }

        if (DeletedAt is not null)
        {
            throw new DomainRuleException("A contest in the trash cannot be published. Restore it first.");
        }

        var seed = RandomNumberGenerator.GetBytes(32);
        SeedCommitment = Convert.ToHexStringLower(SHA256.HashData(seed));
        SealedDrawSeed = seeds.Seal(seed);
        PublishedAt = now;
        UpdatedAt = now;
        RefreshKeywordClaim(now);
    }

    /// <summary>
    /// The editing rules, field by field, without changing anything: while the contest has entries its start cannot
    /// move, its zone and entry frequency are fixed and its end can only be extended; once it is drawn or cancelled
    /// only its texts and images change. Keys match <see cref="ContestDetails.Validate"/> and
    /// <see cref="ContestSchedule.FromLocal"/> ("Start", "End", "TimeZoneId", "Prize.WinnerCount", …).
    /// </summary>
    public IReadOnlyDictionary<string, string> CheckEdit(ContestDetails details, ContestSchedule schedule, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>(details.Validate());
        if (IsDeleted)
        {
            errors[""] = "This contest is in the trash. Restore it before editing.";
            return errors;
        }

        if (EditLock == ContestLock.TextsOnly)
        {
            var why = DrawnAt is not null ? "The winners have been drawn" : "This contest was cancelled";
            var locked = $"{why}, so only texts and images can change.";
            if (schedule != Schedule)
            {
                errors.TryAdd("Start", locked);
            }

            if (details.Prize != Prize)
            {
                errors.TryAdd("Prize.Description", locked);
            }

            if (details.Eligibility != Eligibility)
            {
                errors.TryAdd("Eligibility.MinimumAge", locked);
            }

            if (details.Rules != Rules)
            {
                errors.TryAdd("Rules.SponsorLegalName", locked);
            }

            if (details.ClaimWindowHours != ClaimWindowHours)
            {
                errors.TryAdd(nameof(ContestDetails.ClaimWindowHours), locked);
            }

            return errors;
        }

        if (EditLock == ContestLock.HasEntries)
        {
            var people = EntryCount == 1 ? "1 entry" : $"{EntryCount} entries";
            if (schedule.StartsAt != Schedule.StartsAt)
            {
                errors.TryAdd("Start", $"The contest already has {people}, so its start can no longer move (it stays {Schedule.FormatStart()}).");
            }

            if (schedule.TimeZoneId != Schedule.TimeZoneId)
            {
                errors.TryAdd("TimeZoneId", $"The contest already has {people}, so its time zone stays {Schedule.TimeZoneId}.");
            }

            if (schedule.EndsAt < Schedule.EndsAt)
            {
                errors.TryAdd("End", $"The contest already has {people}, so its end can only be extended (it is {Schedule.FormatEnd()}).");
            }

            if (details.Eligibility.Frequency != Eligibility.Frequency)
            {
                errors.TryAdd("Eligibility.Frequency", $"The contest already has {people}, so the per-person limit can no longer change.");
            }

            if (details.Eligibility.TotalEntryCap is { } cap && cap < EntryCount)
            {
                errors.TryAdd("Eligibility.TotalEntryCap", $"The contest already has {people}; the cap cannot be lower than that.");
            }
        }

        return errors;
    }

    /// <summary>Changes an existing contest under the editing rules of <see cref="CheckEdit"/>.</summary>
    public void Edit(ContestDetails details, ContestSchedule schedule, DateTimeOffset now)
    {
        var errors = CheckEdit(details, schedule, now);
        if (errors.Count > 0)
        {
            throw new DomainRuleException(string.Join(" ", errors.Values.Distinct()));
        }

        Schedule = schedule;
        Apply(details, now);
    }

    /// <summary>
    /// Stops a published contest that has not been drawn. Entries close at once: the status becomes Cancelled,
    /// which outranks the schedule.
    /// </summary>
    public void Cancel(DateTimeOffset now, string reason)
    {
        if (IsDeleted)
        {
            throw new DomainRuleException("This contest is in the trash. Restore it before cancelling it.");
        }

        switch (StatusAt(now))
        {
            case ContestStatus.Draft:
                throw new DomainRuleException("A draft has not been published, so there is nothing to cancel. Delete it instead.");
            case ContestStatus.Cancelled:
                throw new DomainRuleException("This contest is already cancelled.");
            case ContestStatus.Complete:
                throw new DomainRuleException("The winners have already been drawn, so the contest can no longer be cancelled.");
        }

        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new DomainRuleException("Give a reason for cancelling; it is kept in the audit log.");
        }

        if (trimmed.Length > CancellationReasonMaxLength)
        {
            throw new DomainRuleException($"The reason can be at most {CancellationReasonMaxLength} characters.");
        }

        CancelledAt = now;
        CancellationReason = trimmed;
        UpdatedAt = now;
        RefreshKeywordClaim(now);
    }

    /// <summary>Whether deleting needs the admin to type the contest's name: it does once people have entered.</summary>
    public bool DeletionNeedsNameConfirmation => EntryCount > 0;

    /// <summary>The typed confirmation matches the name (surrounding spaces ignored, case exact).</summary>
    public bool IsConfirmedBy(string? typedName) => string.Equals(typedName?.Trim(), Name, StringComparison.Ordinal);

    /// <summary>Why this contest cannot go to the trash now, or null when it can.</summary>
    public string? CheckMoveToTrash(DateTimeOffset now)
    {
        if (IsDeleted)
        {
            return "This contest is already in the trash.";
        }

        if (EntryCount == 0)
        {
            return null;
        }

        return StatusAt(now) switch
        {
            ContestStatus.Active => "This contest is running and people have entered it. Cancel it first (entries close at once), then delete it.",
            ContestStatus.Upcoming => "People have entered this contest and it has not ended. Cancel it first, then delete it.",
            _ => null,
        };
    }

    /// <summary>
    /// Moves the contest to the trash (hidden everywhere, restorable for <see cref="TrashRetention"/>).
    /// Without entries that is always allowed; with entries only once the contest has ended, been drawn or been cancelled.
    /// </summary>
    public void MoveToTrash(DateTimeOffset now)
    {
        if (CheckMoveToTrash(now) is { } refusal)
        {
            throw new DomainRuleException(refusal);
        }

        DeletedAt = now;
        UpdatedAt = now;
        RefreshKeywordClaim(now);
    }

    /// <summary>The moment the trashed contest is purged for good; null when it is not in the trash.</summary>
    public DateTimeOffset? PurgeAfter => DeletedAt + TrashRetention;

    public bool IsPurgeableAt(DateTimeOffset now) => DeletedAt is { } deleted && now >= deleted + TrashRetention;

    /// <summary><see cref="IsPurgeableAt"/> as a query predicate (the purge job's filter).</summary>
    public static Expression<Func<Contest, bool>> PurgeableAt(DateTimeOffset now)
    {
        var cutoff = now - TrashRetention;
        return c => c.DeletedAt != null && c.DeletedAt <= cutoff;
    }

    /// <summary>Takes the contest out of the trash, as it was, within <see cref="TrashRetention"/> of deleting it.</summary>
    public void Restore(DateTimeOffset now)
    {
        if (DeletedAt is null)
        {
            throw new DomainRuleException("This contest is not in the trash.");
        }

        if (IsPurgeableAt(now))
        {
            throw new DomainRuleException($"This contest was deleted more than {TrashRetention.Days} days ago and can no longer be restored.");
        }

        DeletedAt = null;
        UpdatedAt = now;
        RefreshKeywordClaim(now);
    }

    /// <summary>
    /// The entry rules that need nothing but the contest, in docs/product.md §3's order: deleted, status, eligibility, cap.
    /// The per-person limit needs the database and is enforced there by a unique index, between eligibility and cap.
    /// </summary>
    public EntryRefusal? CheckEntry(EntryRequest request, DateTimeOffset now)
    {
        if (IsDeleted)
        {
            return Refusal(EntryRefusalReason.NotFound);
        }

        switch (StatusAt(now))
        {
            case ContestStatus.Draft:
                return Refusal(EntryRefusalReason.NotFound);
            case ContestStatus.Upcoming:
                return Refusal(EntryRefusalReason.NotOpenYet);
            case ContestStatus.Ended:
                return Refusal(EntryRefusalReason.Ended);
            case ContestStatus.Complete or ContestStatus.Cancelled:
                return Refusal(EntryRefusalReason.Closed);
        }

        if (Eligibility.RequiresState)
        {
            if (string.IsNullOrWhiteSpace(request.State))
            {
                return Refusal(EntryRefusalReason.StateRequired);
            }

            if (!Eligibility.States.Contains(request.State, StringComparer.OrdinalIgnoreCase))
            {
                return Refusal(EntryRefusalReason.StateNotEligible);
            }
        }

        if (!request.ConfirmedAgeRulesAndSms)
        {
            return Refusal(EntryRefusalReason.ConfirmationMissing);
        }

        return IsFull ? CapReachedRefusal : null;
    }

    /// <summary>
    /// What a contestant is told when this contest refuses an entry for <paramref name="reason"/>: the one wording of each
    /// rule, used by <see cref="CheckEntry"/> and by pages that name a refusal after the fact.
    /// </summary>
    public EntryRefusal Refusal(EntryRefusalReason reason) => new(reason, reason switch
    {
        EntryRefusalReason.NotOpenYet => $"This contest isn't open yet. It opens {Schedule.FormatStart()}.",
        EntryRefusalReason.Ended => $"Entries closed {Schedule.FormatEnd()}.",
        EntryRefusalReason.Closed when CancelledAt is not null => "This contest was cancelled, so it no longer takes entries.",
        EntryRefusalReason.Closed => "Entries are closed: the winners have been drawn.",
        EntryRefusalReason.StateRequired => "Choose the state you live in.",
        EntryRefusalReason.StateNotEligible =>
            $"Sorry, this contest is only open to residents of {string.Join(", ", Eligibility.States.Select(UsStates.NameOf))}.",
        EntryRefusalReason.ConfirmationMissing =>
            $"Please confirm you are {Eligibility.MinimumAge} or older and accept the official rules and SMS messages.",
        EntryRefusalReason.AlreadyEntered => Eligibility.Frequency == EntryFrequency.OncePerDay
            ? "You've already entered today. Come back tomorrow for another chance."
            : "You're already entered in this contest.",
        EntryRefusalReason.CapReached => CapReachedRefusal.Message,
        _ => "We couldn't find that contest.",
    });

    public bool IsFull => Eligibility.TotalEntryCap is { } cap && EntryCount >= cap;

    public static EntryRefusal CapReachedRefusal { get; } =
        new(EntryRefusalReason.CapReached, "Sorry, this contest has reached its entry limit.");

    /// <summary>Accepts an entry after <see cref="CheckEntry"/>; the caller persists it atomically with the count.</summary>
    public Entry Admit(PhoneNumber phone, EntryRequest request, DateTimeOffset now)
    {
        if (CheckEntry(request, now) is { } refusal)
        {
            throw new DomainRuleException(refusal.Message);
        }

        EntryCount++;
        return NewEntry(phone, request, now);
    }

    /// <summary>
    /// Creates the entry without judging the cap: the caller has checked the other rules and counts the entry
    /// atomically in the database, where concurrent entrants are serialised.
    /// </summary>
    public Entry AdmitUnchecked(PhoneNumber phone, EntryRequest request, DateTimeOffset now)
    {
        if (CheckEntry(request, now) is { Reason: not EntryRefusalReason.CapReached } refusal)
        {
            throw new DomainRuleException(refusal.Message);
        }

        return NewEntry(phone, request, now);
    }

    private Entry NewEntry(PhoneNumber phone, EntryRequest request, DateTimeOffset now) =>
        new(this, phone, Eligibility.RequiresState ? request.State!.ToUpperInvariant() : null, request.Source, now, origin: request.Origin);

    /// <summary>
    /// Draws the winners and ordered alternates from the eligible entries with the seed committed at publish, and marks
    /// the contest complete. Only once entries have closed, and only once: the caller stores the returned record, whose
    /// unique contest id makes a second draw impossible even when two admins click at once.
    /// </summary>
    public DrawRecord Draw(IEnumerable<long> eligibleEntryIds, string drawnBy, DateTimeOffset now, IDrawSeedVault seeds)
    {
        if (IsDeleted)
        {
            throw new DomainRuleException("A contest in the trash cannot be drawn. Restore it first.");
        }

        switch (StatusAt(now))
        {
            case ContestStatus.Draft:
                throw new DomainRuleException("A draft contest cannot be drawn. Publish it first.");
            case ContestStatus.Cancelled:
                throw new DomainRuleException("This contest was cancelled, so it cannot be drawn.");
            case ContestStatus.Complete:
                throw new DomainRuleException("The winners of this contest have already been drawn.");
            case ContestStatus.Upcoming:
            case ContestStatus.Active:
                throw new DomainRuleException($"Winners can be drawn once entries close, {Schedule.FormatEnd()}.");
        }

        if (string.IsNullOrWhiteSpace(drawnBy) || drawnBy.Length > DrawRecord.DrawnByMaxLength)
        {
            throw new DomainRuleException($"Say who draws, in at most {DrawRecord.DrawnByMaxLength} characters.");
        }

        // Publish always sets both; a contest without them could never prove its draw, so it must not draw at all.
        var seed = OpenSeed(seeds);
        if (seed is null || SeedCommitment is null || DrawAlgorithm.Commitment(seed) != SeedCommitment)
        {
            throw new DomainRuleException("This contest's seed does not match its published commitment, so its draw could not be verified.");
        }

        var result = DrawAlgorithm.Run(seed, eligibleEntryIds, Prize.WinnerCount, Prize.AlternateCount);
        DrawnAt = now;
        UpdatedAt = now;
        RefreshKeywordClaim(now);
        return new DrawRecord(this, seed, result, drawnBy.Trim(), now);
    }

    /// <summary>The seed in clear, for the draw: the sealed one opened, or, for a contest published before seeds were sealed, the clear one.</summary>
    private byte[]? OpenSeed(IDrawSeedVault seeds)
    {
        if (SealedDrawSeed is null)
        {
            return DrawSeed;
        }

        try
        {
            return seeds.Open(SealedDrawSeed);
        }
        catch (CryptographicException)
        {
            throw new DomainRuleException(
                "This contest's sealed seed cannot be opened with SECRET_KEY or SECRET_KEY_PREVIOUS, so it cannot be drawn. Restore the key it was sealed with (docs/operations.md).");
        }
    }

    /// <summary>When the draw is expected: the end of the entry period, in the contest's zone.</summary>
    public string DescribeDrawTime() => Schedule.FormatEnd();

    private void Apply(ContestDetails details, DateTimeOffset now)
    {
        var errors = details.Validate();
        if (errors.Count > 0)
        {
            throw new DomainRuleException(string.Join(" ", errors.Values));
        }

        Name = details.Name.Trim();
        Description = details.Description.Trim();
        ImageUrl = details.ImageUrl;
        SponsorName = details.SponsorName.Trim();
        SponsorUrl = details.SponsorUrl;
        Prize = details.Prize;
        Eligibility = details.Eligibility;
        Rules = details.Rules;
        Messages = details.Messages;
        ClaimWindowHours = details.ClaimWindowHours;
        Keyword = string.IsNullOrWhiteSpace(details.Keyword) ? null : SmsKeyword.FromTrusted(details.Keyword.Trim().ToUpperInvariant()).Value;
        SmsDoubleOptIn = details.SmsDoubleOptIn;
        UpdatedAt = now;
        RefreshKeywordClaim(now);
    }

    /// <summary>
    /// Shows <paramref name="image"/> as the contest's hero image, or none (null). Allowed in every state an admin can edit:
    /// an image changes nothing about who may enter or win.
    /// </summary>
    public void SetHeroImage(HeroImage? image, DateTimeOffset now)
    {
        if (image is not null && (!HeroImage.IsHash(image.Hash) || image.Width < 1 || image.Height < 1))
        {
            throw new DomainRuleException("A hero image needs its content hash and size.");
        }

        HeroImageHash = image?.Hash;
        HeroImageWidth = image?.Width;
        HeroImageHeight = image?.Height;
        UpdatedAt = now;
    }

    /// <summary>Whether the contest holds its keyword now: published, and not ended, cancelled, drawn or in the trash.</summary>
    public bool HoldsKeywordAt(DateTimeOffset now) =>
        Keyword is not null && !IsDeleted && StatusAt(now) is ContestStatus.Active or ContestStatus.Upcoming;

    /// <summary>Holders whose claim has lapsed (<see cref="HoldsKeywordAt"/> false), as a query predicate for the lazy release.</summary>
    public static Expression<Func<Contest, bool>> KeywordClaimLapsedAt(DateTimeOffset now) =>
        c => c.PublishedAt == null || c.CancelledAt != null || c.DrawnAt != null || c.DeletedAt != null || c.Schedule.EndsAt <= now;

    private void RefreshKeywordClaim(DateTimeOffset now) => KeywordClaim = HoldsKeywordAt(now) ? Keyword : null;
}
