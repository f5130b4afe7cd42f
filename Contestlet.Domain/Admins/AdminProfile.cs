using Contestlet.Domain.Phones;
using Contestlet.Domain.Time;

namespace Contestlet.Domain.Admins;

/// <summary>An admin's own preferences, keyed by the phone number they sign in with.</summary>
public sealed class AdminProfile
{
    public const int DisplayNameMaxLength = 80;
    public const string DefaultTimeZoneId = "America/New_York";

    public string PhoneE164 { get; private set; } = null!;
    public string? DisplayName { get; private set; }
    public string TimeZoneId { get; private set; } = DefaultTimeZoneId;
    public DateTimeOffset UpdatedAt { get; private set; }

    private AdminProfile()
    {
    }

    /// <summary>The profile an admin has before saving one: no display name, the default zone.</summary>
    public static AdminProfile DefaultFor(PhoneNumber phone) => new() { PhoneE164 = phone.E164 };

    /// <summary>Errors keyed by field ("DisplayName", "TimeZoneId"); empty when the values can be saved.</summary>
    public static IReadOnlyDictionary<string, string> Validate(string? displayName, string? timeZoneId)
    {
        var errors = new Dictionary<string, string>();
        if (displayName?.Trim().Length > DisplayNameMaxLength)
        {
            errors[nameof(DisplayName)] = $"The display name can be at most {DisplayNameMaxLength} characters.";
        }

        if (!TimeZones.IsKnown(timeZoneId))
        {
            errors[nameof(TimeZoneId)] = "Pick a time zone from the list.";
        }

        return errors;
    }

    public void Update(string? displayName, string timeZoneId, DateTimeOffset now)
    {
        if (Validate(displayName, timeZoneId) is { Count: > 0 } errors)
        {
            throw new Common.DomainRuleException(string.Join(" ", errors.Values));
        }

        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
        TimeZoneId = timeZoneId;
        UpdatedAt = now;
    }

    /// <summary>How the admin appears in the audit log and on shared screens: the display name, else the masked phone.</summary>
    public string ShownName => DisplayName ?? PhoneNumber.Mask(PhoneE164);
}
