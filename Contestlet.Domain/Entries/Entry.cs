using System.Security.Cryptography;
using Contestlet.Domain.Common;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;

namespace Contestlet.Domain.Entries;

/// <summary>One person's entry into one contest for one entry period.</summary>
public sealed class Entry
{
    public const int ReferenceLength = 10;
    private const string ReferenceAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int PeriodKeyMaxLength = 10;
    public const string WholeContestPeriod = "contest";
    public const int DisqualificationReasonMaxLength = 500;

    public long Id { get; private set; }
    public int ContestId { get; private set; }
    public string PhoneE164 { get; private set; } = null!;

    /// <summary>The number's last four digits, indexed with the contest so admins can search a million entries by them.</summary>
    public string PhoneLast4 { get; private set; } = null!;

    /// <summary>Two-letter state of residence, when the contest is limited to states.</summary>
    public string? State { get; private set; }

    /// <summary>
    /// The per-person limit as data: "contest" for one entry per contest, or the contest-local date ("2026-11-24")
    /// for one per day. A unique index on (contest, phone, period) makes duplicates impossible, whatever the concurrency.
    /// </summary>
    public string PeriodKey { get; private set; } = null!;

    /// <summary>Shown to the contestant ("E-7KQ2M9XB"): unguessable, so it can be quoted to support.</summary>
    public string Reference { get; private set; } = null!;

    /// <summary>Web or SMS; rows stored before sources existed are Web (the migration's default).</summary>
    public EntrySource Source { get; private set; }

    public DateTimeOffset EnteredAt { get; private set; }

    /// <summary>The client's /24 (IPv4) or /64 (IPv6) network, for fraud review; never the full address.</summary>
    public string? NetworkPrefix { get; private set; }

    /// <summary>The random id of the browser that entered (a first-party cookie), for fraud review.</summary>
    public string? BrowserId { get; private set; }
    public DateTimeOffset? DisqualifiedAt { get; private set; }
    public string? DisqualificationReason { get; private set; }

    private Entry()
    {
    }

    internal Entry(Contest contest, PhoneNumber phone, string? state, EntrySource source, DateTimeOffset now, string? reference = null,
        EntryOrigin? origin = null)
    {
        Source = source;
        NetworkPrefix = origin?.NetworkPrefix;
        BrowserId = origin?.BrowserId;
        ContestId = contest.Id;
        PhoneE164 = phone.E164;
        PhoneLast4 = phone.LastFour;
        State = state;
        EnteredAt = now;
        PeriodKey = PeriodFor(contest, now);
        Reference = reference ?? NewReference();
    }

    /// <summary>A fresh random reference ("E-" and 8 characters without look-alikes): unique in practice, not by construction.</summary>
    public static string NewReference() => "E-" + RandomNumberGenerator.GetString(ReferenceAlphabet, ReferenceLength - 2);

    /// <summary>
    /// Gives a not-yet-stored entry another reference, when the one it drew is already taken (references are unique across
    /// all contests, and with millions stored a clash is rare but real).
    /// </summary>
    public void ReplaceReference(string reference)
    {
        if (Id != 0)
        {
            throw new InvalidOperationException("A stored entry keeps its reference.");
        }

        Reference = reference;
    }

    /// <summary>
    /// Takes the entry out of the draw, with a reason. Only before the draw: afterwards the entry list is published and
    /// hashed, so a drawn winner is disqualified on their prize award instead and replaced by the next alternate.
    /// </summary>
    public void Disqualify(Contest contest, string reason, DateTimeOffset now)
    {
        if (contest.Id != ContestId)
        {
            throw new ArgumentException("The entry belongs to another contest.", nameof(contest));
        }

        if (contest.DrawnAt is not null)
        {
            throw new DomainRuleException("The winners have been drawn, so entries can no longer be disqualified. Replace a winner instead.");
        }

        if (DisqualifiedAt is not null)
        {
            throw new DomainRuleException("This entry is already disqualified.");
        }

        reason = (reason ?? "").Trim();
        if (reason.Length == 0 || reason.Length > DisqualificationReasonMaxLength)
        {
            throw new DomainRuleException($"Give a reason, in at most {DisqualificationReasonMaxLength} characters.");
        }

        DisqualifiedAt = now;
        DisqualificationReason = reason;
    }

    public static string PeriodFor(Contest contest, DateTimeOffset now) =>
        contest.Eligibility.Frequency == EntryFrequency.OncePerDay
            ? TimeZones.LocalDate(now, contest.Schedule.TimeZoneId).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : WholeContestPeriod;
}
