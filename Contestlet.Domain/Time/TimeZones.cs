using NodaTime;
using NodaTime.TimeZones;

namespace Contestlet.Domain.Time;

/// <summary>IANA time zones from the TZDB that ships with NodaTime, independent of the host's zone files.</summary>
public static class TimeZones
{
    public const int IdMaxLength = 64;
    public const string Utc = "UTC";

    private static readonly IDateTimeZoneProvider Provider = DateTimeZoneProviders.Tzdb;

    /// <summary>Every canonical zone id, sorted, for pickers.</summary>
    public static IReadOnlyList<string> All { get; } =
        TzdbDateTimeZoneSource.Default.CanonicalIdMap.Values.Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The zone pickers' search: every zone whose name contains each word typed ("new york", "america/new", "sydney"),
    /// underscores read as spaces. Nothing typed, or the current choice as typed, lists them all.
    /// </summary>
    public static IEnumerable<string> Search(string? text, string? current = null)
    {
        if (string.IsNullOrWhiteSpace(text) || text == current)
        {
            return All;
        }

        var words = text.Replace('_', ' ').Split([' ', '/'], StringSplitOptions.RemoveEmptyEntries);
        return All.Where(z => words.All(w => z.Replace('_', ' ').Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    public static bool IsKnown(string? zoneId) => zoneId is not null && Provider.GetZoneOrNull(zoneId) is not null;

    public static DateTimeZone Get(string zoneId) =>
        Provider.GetZoneOrNull(zoneId) ?? throw new ArgumentException($"Unknown time zone '{zoneId}'.", nameof(zoneId));

    public static ZonedDateTime InZone(DateTimeOffset instant, string zoneId) =>
        Instant.FromDateTimeOffset(instant).InZone(Get(zoneId));

    /// <summary>The zone's abbreviation at that moment ("EST", "AEDT"), or its UTC offset when TZDB has none.</summary>
    public static string Abbreviation(ZonedDateTime zoned)
    {
        var name = zoned.GetZoneInterval().Name;
        // TZDB uses numeric names such as "+0530" or "-03" where no abbreviation is in common use.
        return name.Length > 0 && (name[0] == '+' || name[0] == '-') ? $"UTC{zoned.Offset}" : name;
    }

    /// <summary>"Sat, Nov 28, 9:00 PM EST": how contest times are shown everywhere.</summary>
    public static string Format(DateTimeOffset instant, string zoneId, bool withYear = false)
    {
        var zoned = InZone(instant, zoneId);
        var text = zoned.ToDateTimeUnspecified().ToString(withYear ? "ddd, MMM d, yyyy, h:mm tt" : "ddd, MMM d, h:mm tt",
            System.Globalization.CultureInfo.InvariantCulture);
        return $"{text} {Abbreviation(zoned)}";
    }

    /// <summary>The local calendar date of an instant in a zone (used for "one entry per day").</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, string zoneId)
    {
        var date = InZone(instant, zoneId).Date;
        return new DateOnly(date.Year, date.Month, date.Day);
    }

    /// <summary>The wall-clock time of an instant in a zone, for forms that edit local times.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, string zoneId) => InZone(instant, zoneId).ToDateTimeUnspecified();
}
