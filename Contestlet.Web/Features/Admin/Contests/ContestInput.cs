using System.Globalization;
using Contestlet.Domain.Contests;
using Contestlet.Domain.Time;

namespace Contestlet.Web.Features.Admin.Contests;

/// <summary>
/// The create/edit form's model: flat, editable, never an entity. Property names are the domain's error keys without
/// dots ("Prize.WinnerCount" → <see cref="PrizeWinnerCount"/>), so every rule's message lands beside its field.
/// </summary>
public sealed class ContestInput
{
    /// <summary>The format of an HTML datetime-local input, in which local start and end are edited.</summary>
    public const string LocalFormat = "yyyy-MM-ddTHH:mm";

    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string? ImageUrl { get; set; }
    public string SponsorName { get; set; } = "";
    public string? SponsorUrl { get; set; }

    public string TimeZoneId { get; set; } = TimeZones.Utc;
    public string? StartLocal { get; set; }
    public string? EndLocal { get; set; }

    public string PrizeDescription { get; set; } = "";
    public decimal PrizeValueUsd { get; set; }
    public int PrizeWinnerCount { get; set; } = 1;
    public int PrizeAlternateCount { get; set; } = 2;

    public int EligibilityMinimumAge { get; set; } = Eligibility.DefaultMinimumAge;
    public RegionScope EligibilityScope { get; set; } = RegionScope.AllUs;
    public IReadOnlyCollection<string> EligibilityStates { get; set; } = [];
    public string? EligibilityCustomText { get; set; }
    public EntryFrequency EligibilityFrequency { get; set; } = EntryFrequency.OncePerContest;
    public int? EligibilityTotalEntryCap { get; set; }

    public string? RulesSponsorLegalName { get; set; }
    public string? RulesEligibilityText { get; set; }
    public string? RulesTermsUrl { get; set; }

    public string? MessagesEntryConfirmation { get; set; }
    public string? MessagesWinner { get; set; }
    public string? MessagesNonWinner { get; set; }
    public string? MessagesReminder { get; set; }

    public int ClaimWindowHours { get; set; } = Contest.DefaultClaimWindowHours;

    public string? Keyword { get; set; }
    public bool SmsDoubleOptIn { get; set; }

    /// <summary>The input property a domain error key belongs to; "" (a rule about the whole contest) stays "".</summary>
    public static string PropertyFor(string errorKey) => errorKey switch
    {
        "Start" => nameof(StartLocal),
        "End" => nameof(EndLocal),
        "Eligibility.Scope" => nameof(EligibilityScope),
        _ => errorKey.Replace(".", "", StringComparison.Ordinal),
    };

    /// <summary>A new contest: starts tomorrow at 9:00 for a week, in the admin's zone.</summary>
    public static ContestInput NewIn(string timeZoneId, DateTimeOffset now)
    {
        var start = ContestSchedule.DefaultLocalStart(now, timeZoneId);
        return new ContestInput
        {
            TimeZoneId = timeZoneId,
            StartLocal = start.ToString(LocalFormat, CultureInfo.InvariantCulture),
            EndLocal = start.AddDays(7).ToString(LocalFormat, CultureInfo.InvariantCulture),
        };
    }

    public static ContestInput From(Contest contest) => new()
    {
        Name = contest.Name,
        Description = contest.Description,
        ImageUrl = contest.ImageUrl,
        SponsorName = contest.SponsorName,
        SponsorUrl = contest.SponsorUrl,
        TimeZoneId = contest.Schedule.TimeZoneId,
        StartLocal = TimeZones.ToLocal(contest.Schedule.StartsAt, contest.Schedule.TimeZoneId).ToString(LocalFormat, CultureInfo.InvariantCulture),
        EndLocal = TimeZones.ToLocal(contest.Schedule.EndsAt, contest.Schedule.TimeZoneId).ToString(LocalFormat, CultureInfo.InvariantCulture),
        PrizeDescription = contest.Prize.Description,
        PrizeValueUsd = contest.Prize.ValueUsd,
        PrizeWinnerCount = contest.Prize.WinnerCount,
        PrizeAlternateCount = contest.Prize.AlternateCount,
        EligibilityMinimumAge = contest.Eligibility.MinimumAge,
        EligibilityScope = contest.Eligibility.Scope,
        EligibilityStates = contest.Eligibility.States.ToList(),
        EligibilityCustomText = contest.Eligibility.CustomText,
        EligibilityFrequency = contest.Eligibility.Frequency,
        EligibilityTotalEntryCap = contest.Eligibility.TotalEntryCap,
        RulesSponsorLegalName = contest.Rules.SponsorLegalName,
        RulesEligibilityText = contest.Rules.EligibilityText,
        RulesTermsUrl = contest.Rules.TermsUrl,
        MessagesEntryConfirmation = contest.Messages.EntryConfirmation,
        MessagesWinner = contest.Messages.Winner,
        MessagesNonWinner = contest.Messages.NonWinner,
        MessagesReminder = contest.Messages.Reminder,
        ClaimWindowHours = contest.ClaimWindowHours,
        Keyword = contest.Keyword,
        SmsDoubleOptIn = contest.SmsDoubleOptIn,
    };

    public ContestDetails ToDetails() => new()
    {
        Name = Name,
        Description = Description ?? "",
        ImageUrl = Blank(ImageUrl),
        SponsorName = SponsorName,
        SponsorUrl = Blank(SponsorUrl),
        Prize = new Prize
        {
            Description = PrizeDescription,
            ValueUsd = PrizeValueUsd,
            WinnerCount = PrizeWinnerCount,
            AlternateCount = PrizeAlternateCount,
        },
        Eligibility = new Eligibility
        {
            MinimumAge = EligibilityMinimumAge,
            Scope = EligibilityScope,
            States = EligibilityScope == RegionScope.ListedStates ? EligibilityStates.Order(StringComparer.Ordinal).ToList() : [],
            CustomText = EligibilityScope == RegionScope.Custom ? Blank(EligibilityCustomText) : null,
            Frequency = EligibilityFrequency,
            TotalEntryCap = EligibilityTotalEntryCap,
        },
        Rules = new OfficialRules
        {
            SponsorLegalName = Blank(RulesSponsorLegalName),
            EligibilityText = Blank(RulesEligibilityText),
            TermsUrl = Blank(RulesTermsUrl),
        },
        Messages = new MessageTemplates
        {
            EntryConfirmation = Blank(MessagesEntryConfirmation),
            Winner = Blank(MessagesWinner),
            NonWinner = Blank(MessagesNonWinner),
            Reminder = Blank(MessagesReminder),
        },
        ClaimWindowHours = ClaimWindowHours,
        Keyword = Blank(Keyword),
        SmsDoubleOptIn = SmsDoubleOptIn,
    };

    /// <summary>The schedule the admin typed, with gap errors and fall-back notes; errors keyed "Start", "End", "TimeZoneId".</summary>
    public ScheduleResult ToSchedule()
    {
        var errors = new Dictionary<string, string>();
        var start = ParseLocal(StartLocal, "Start", "the start", errors);
        var end = ParseLocal(EndLocal, "End", "the end", errors);
        if (!TimeZones.IsKnown(TimeZoneId))
        {
            errors["TimeZoneId"] = "Pick a time zone from the list.";
        }

        return errors.Count > 0 || start is null || end is null
            ? new ScheduleResult(null, errors, [])
            : ContestSchedule.FromLocal(start.Value, end.Value, TimeZoneId);
    }

    public static DateTime? ParseLocal(string? text, string key, string what, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[key] = $"Choose {what} date and time.";
            return null;
        }

        if (DateTime.TryParseExact(text, [LocalFormat, "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        errors[key] = $"Enter {what} as a date and time.";
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
