using System.Security.Cryptography;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;

namespace Contestlet.Domain.Entries;

/// <summary>One person's entry into one contest for one entry period.</summary>
public sealed class Entry
{
    public const int ReferenceLength = 10;
    public const int PeriodKeyMaxLength = 10;
    public const string WholeContestPeriod = "contest";

    public long Id { get; private set; }
    public int ContestId { get; private set; }
    public string PhoneE164 { get; private set; } = null!;

    /// <summary>Two-letter state of residence, when the contest is limited to states.</summary>
    public string? State { get; private set; }

    /// <summary>
    /// The per-person limit as data: "contest" for one entry per contest, or the contest-local date ("2026-11-24")
    /// for one per day. A unique index on (contest, phone, period) makes duplicates impossible, whatever the concurrency.
    /// </summary>
    public string PeriodKey { get; private set; } = null!;

    /// <summary>Shown to the contestant ("E-7KQ2M9XB"): unguessable, so it can be quoted to support.</summary>
    public string Reference { get; private set; } = null!;

    public DateTimeOffset EnteredAt { get; private set; }
    public DateTimeOffset? DisqualifiedAt { get; private set; }
    public string? DisqualificationReason { get; private set; }

    private Entry()
    {
    }

    internal Entry(Contest contest, PhoneNumber phone, string? state, DateTimeOffset now)
    {
        ContestId = contest.Id;
        PhoneE164 = phone.E164;
        State = state;
        EnteredAt = now;
        PeriodKey = PeriodFor(contest, now);
        Reference = "E-" + RandomNumberGenerator.GetString("23456789ABCDEFGHJKMNPQRSTUVWXYZ", ReferenceLength - 2);
    }

    public static string PeriodFor(Contest contest, DateTimeOffset now) =>
        contest.Eligibility.Frequency == EntryFrequency.OncePerDay
            ? TimeZones.LocalDate(now, contest.Schedule.TimeZoneId).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : WholeContestPeriod;
}
